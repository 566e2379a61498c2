/**
 * Two-stage cluster bootstrap of the rate difference rate(A) - rate(B) when participants
 * saw both methods: resample participants with replacement (keeping each one's A and B
 * trials together, so the correlation between their two rates is kept), then each one's
 * trials within method (a binomial draw from their own proportion, as in clusterBootstrap).
 */
import type { RandomSource } from '../random';
import { binomialProbabilities } from './binomial-probabilities';
import { cdfTables, drawFromTable } from './cdf-tables';
import type { PairCounts } from './pair-counts';

export function pairedClusterBootstrap(pair: PairCounts, resamples: number, random: RandomSource): Float64Array {
  const n = pair.trialsA.length;
  if (n === 0) throw new RangeError('paired bootstrap needs at least one participant');
  const table = (trials: Int32Array, fooled: Int32Array) =>
    cdfTables(Array.from(trials, (t, i) => (t > 0 ? binomialProbabilities(t, fooled[i] / t) : new Float64Array([1]))), new Array<number>(n).fill(0));
  const tablesA = table(pair.trialsA, pair.fooledA);
  const tablesB = table(pair.trialsB, pair.fooledB);
  const out = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    // A resample with no trials of one method has no difference: draw again.
    for (let attempt = 0; ; attempt++) {
      if (attempt === 1000) throw new Error('paired bootstrap: resamples keep missing one of the methods');
      let ka = 0;
      let na = 0;
      let kb = 0;
      let nb = 0;
      for (let j = 0; j < n; j++) {
        const i = Math.floor(random() * n);
        if (pair.trialsA[i] > 0) {
          na += pair.trialsA[i];
          ka += drawFromTable(tablesA, i, random);
        }
        if (pair.trialsB[i] > 0) {
          nb += pair.trialsB[i];
          kb += drawFromTable(tablesB, i, random);
        }
      }
      if (na > 0 && nb > 0) {
        out[b] = ka / na - kb / nb;
        break;
      }
    }
  }
  return out;
}
