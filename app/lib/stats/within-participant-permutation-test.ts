/**
 * Permutation test of "the two methods fool equally" when participants saw both methods
 * (a balanced mix): within each such participant, the method labels of their A and B trials
 * are shuffled (their counts kept), which is exact under the null that a participant's
 * response to an image does not depend on which method coloured it. Participants who saw
 * only one of the two keep their labels. Shuffling labels within a participant makes their
 * fooled count in A hypergeometric given their totals, so each participant is one table draw.
 *
 * p = (1 + #{|d*| >= |d|}) / (1 + permutations), never 0 (Phipson & Smyth 2010).
 *
 * Reference: P. Good (2005), Permutation, Parametric and Bootstrap Tests of Hypotheses (3rd ed.), §3.6 (stratified permutation).
 */
import type { RandomSource } from '../random';
import { cdfTables, drawFromTable } from './cdf-tables';
import { hypergeometricProbabilities } from './hypergeometric-probabilities';
import { rateDifference, type PairCounts } from './pair-counts';

const TIE = 1e-12;

export function withinParticipantPermutationTest(pair: PairCounts, permutations: number, random: RandomSource): number {
  const observed = Math.abs(rateDifference(pair));
  let na = 0;
  let nb = 0;
  let fixedA = 0;
  let fixedB = 0;
  let mixedFooled = 0;
  const pmfs: Float64Array[] = [];
  const firsts: number[] = [];
  for (let i = 0; i < pair.trialsA.length; i++) {
    na += pair.trialsA[i];
    nb += pair.trialsB[i];
    if (pair.trialsA[i] > 0 && pair.trialsB[i] > 0) {
      const total = pair.trialsA[i] + pair.trialsB[i];
      const fooled = pair.fooledA[i] + pair.fooledB[i];
      const { first, pmf } = hypergeometricProbabilities(total, fooled, pair.trialsA[i]);
      pmfs.push(pmf);
      firsts.push(first);
      mixedFooled += fooled;
    } else {
      fixedA += pair.fooledA[i];
      fixedB += pair.fooledB[i];
    }
  }
  if (pmfs.length === 0) throw new RangeError('within-participant permutation test: no participant saw both methods');
  const tables = cdfTables(pmfs, firsts);
  let extreme = 0;
  for (let b = 0; b < permutations; b++) {
    let ka = 0;
    for (let t = 0; t < pmfs.length; t++) ka += drawFromTable(tables, t, random);
    const d = (fixedA + ka) / na - (fixedB + mixedFooled - ka) / nb;
    if (Math.abs(d) >= observed - TIE) extreme++;
  }
  return (1 + extreme) / (1 + permutations);
}
