/**
 * Permutation test of "the two methods fool equally" for a between-participants design (each
 * participant saw only one of the two methods, as in Zhang et al.): participants, with all
 * their trials, are reassigned at random to the two methods (group sizes kept), and the
 * pooled rate difference is recomputed. Moving whole participants keeps each person's trials
 * together, so the test respects the clustering that a per-trial test would ignore.
 *
 * p = (1 + #{|d*| >= |d|}) / (1 + permutations), never 0 (Phipson & Smyth 2010).
 *
 * References: E. J. G. Pitman (1937), JRSS Suppl. 4:119-130; B. Phipson & G. K. Smyth (2010),
 * "Permutation p-values should never be zero", Stat. Appl. Genet. Mol. Biol. 9(1):39.
 */
import type { RandomSource } from '../random';
import { rateDifference, type PairCounts } from './pair-counts';

// Differences within this of the observed one count as ties (floating-point rounding).
const TIE = 1e-12;

export function participantPermutationTest(pair: PairCounts, permutations: number, random: RandomSource): number {
  const n = pair.trialsA.length;
  const trials = new Int32Array(n);
  const fooled = new Int32Array(n);
  let groupA = 0;
  for (let i = 0; i < n; i++) {
    const inA = pair.trialsA[i] > 0;
    if (inA === pair.trialsB[i] > 0) {
      throw new RangeError('participant permutation test: every participant must have trials in exactly one of the two methods');
    }
    trials[i] = inA ? pair.trialsA[i] : pair.trialsB[i];
    fooled[i] = inA ? pair.fooledA[i] : pair.fooledB[i];
    if (inA) groupA++;
  }
  const observed = Math.abs(rateDifference(pair));
  let totalTrials = 0;
  let totalFooled = 0;
  for (let i = 0; i < n; i++) {
    totalTrials += trials[i];
    totalFooled += fooled[i];
  }
  const index = Int32Array.from({ length: n }, (_, i) => i);
  let extreme = 0;
  for (let b = 0; b < permutations; b++) {
    // Partial Fisher-Yates: the first groupA positions become a uniform random subset.
    let na = 0;
    let ka = 0;
    for (let j = 0; j < groupA; j++) {
      const r = j + Math.floor(random() * (n - j));
      const chosen = index[r];
      index[r] = index[j];
      index[j] = chosen;
      na += trials[chosen];
      ka += fooled[chosen];
    }
    const d = ka / na - (totalFooled - ka) / (totalTrials - na);
    if (Math.abs(d) >= observed - TIE) extreme++;
  }
  return (1 + extreme) / (1 + permutations);
}
