/**
 * Per-participant counts for comparing two methods A and B: one entry per participant with
 * test trials in A or B (zero where they saw none of that method).
 */
export interface PairCounts {
  trialsA: Int32Array;
  fooledA: Int32Array;
  trialsB: Int32Array;
  fooledB: Int32Array;
}

/** The pooled fooling-rate difference rate(A) - rate(B). */
export function rateDifference(pair: PairCounts): number {
  let ka = 0;
  let na = 0;
  let kb = 0;
  let nb = 0;
  for (let i = 0; i < pair.trialsA.length; i++) {
    ka += pair.fooledA[i];
    na += pair.trialsA[i];
    kb += pair.fooledB[i];
    nb += pair.trialsB[i];
  }
  if (na === 0 || nb === 0) throw new RangeError('both methods need at least one trial to compare them');
  return ka / na - kb / nb;
}
