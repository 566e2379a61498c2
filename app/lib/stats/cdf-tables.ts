/**
 * Many small discrete distributions packed in one typed array, each as its cumulative
 * probabilities, so that a draw is one uniform number and a short search (inversion, exact).
 * The bootstrap draws millions of binomial (and the permutation test hypergeometric) variates
 * from a few hundred fixed distributions: tables make each draw a handful of comparisons.
 *
 * Each table has a guide table (Chen & Asau 1974): guide[g] is the first entry whose
 * cumulative probability exceeds g / L (L entries), so the search for u starts at
 * guide[⌊u L⌋] and takes fewer than two steps on average. Reference: L. Devroye (1986),
 * Non-Uniform Random Variate Generation, §III.2.4.
 */
import type { RandomSource } from '../random';

export interface CdfTables {
  /** Table t occupies cdf[offsets[t]] .. cdf[offsets[t + 1] - 1] (and the same slots of guide). */
  offsets: Int32Array;
  /** Cumulative probabilities; the last entry of every table is exactly 1. */
  cdf: Float64Array;
  /** Absolute index into cdf where the search for u in [g / L, (g + 1) / L) starts. */
  guide: Int32Array;
  /** The value that the first entry of table t stands for (its support starts there). */
  first: Int32Array;
}

/** Packs probability vectors (pmf[t][j] = P(X_t = first[t] + j)) into cumulative tables. */
export function cdfTables(pmfs: readonly Float64Array[], first: readonly number[]): CdfTables {
  const offsets = new Int32Array(pmfs.length + 1);
  pmfs.forEach((p, t) => (offsets[t + 1] = offsets[t] + p.length));
  const cdf = new Float64Array(offsets[pmfs.length]);
  const guide = new Int32Array(offsets[pmfs.length]);
  pmfs.forEach((p, t) => {
    const start = offsets[t];
    const length = p.length;
    let sum = 0;
    for (let j = 0; j < length; j++) {
      sum += p[j];
      cdf[start + j] = sum;
    }
    // Rounding can leave the total a hair under 1; the last value must catch every u < 1.
    cdf[start + length - 1] = 1;
    let x = start;
    for (let g = 0; g < length; g++) {
      while (cdf[x] <= g / length) x++;
      guide[start + g] = x;
    }
  });
  return { offsets, cdf, guide, first: Int32Array.from(first) };
}

/** One draw from table t: the smallest value whose cumulative probability exceeds u. */
export function drawFromTable(tables: CdfTables, t: number, random: RandomSource): number {
  const start = tables.offsets[t];
  const length = tables.offsets[t + 1] - start;
  const cdf = tables.cdf;
  const u = random();
  let x = tables.guide[start + Math.floor(u * length)];
  while (cdf[x] <= u) x++;
  return tables.first[t] + x - start;
}
