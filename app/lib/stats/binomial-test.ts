/**
 * Exact two-sided binomial test of H0: success probability = p0, given k successes in n trials.
 * The p-value is the total probability, under H0, of every outcome no more likely than the
 * one observed (the "minimum likelihood" rule of R's binom.test and scipy.stats.binomtest,
 * with the same 1 + 1e-7 relative tolerance so that ties from rounding count as ties).
 *
 * Reference: R `binom.test`; Hollander, Wolfe & Chicken, Nonparametric Statistical Methods (3rd ed.), ch. 2.
 *
 * @example binomialTest(7, 10, 0.5) // => 0.34375 (= 2 * 176 / 1024)
 */
import { binomialProbabilities } from './binomial-probabilities';

const RELATIVE_TOLERANCE = 1 + 1e-7;

export function binomialTest(k: number, n: number, p0: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`binomial test needs n >= 1 trials, got ${n}`);
  if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`binomial test needs 0 <= k <= n, got k = ${k}, n = ${n}`);
  if (!(p0 > 0 && p0 < 1)) throw new RangeError(`binomial test needs 0 < p0 < 1, got ${p0}`);
  const pmf = binomialProbabilities(n, p0);
  const threshold = pmf[k] * RELATIVE_TOLERANCE;
  // The distribution is unimodal, so the outcomes no more likely than k form two tails: take
  // the smaller end each step (smallest terms summed first) until both ends exceed the threshold.
  let p = 0;
  let lo = 0;
  let hi = n;
  while (lo <= hi) {
    const fromLow = pmf[lo] <= pmf[hi];
    const term = fromLow ? pmf[lo] : pmf[hi];
    if (term > threshold) break;
    p += term;
    if (fromLow) lo++;
    else hi--;
  }
  // Every outcome counted: the p-value is 1 (not 1 - rounding).
  return lo > hi ? 1 : Math.min(1, p);
}
