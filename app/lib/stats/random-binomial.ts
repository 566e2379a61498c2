/**
 * A Binomial(n, p) draw by inversion: walk up the CDF from 0 with the ratio
 * P(x + 1) / P(x) = (n - x) p / ((x + 1)(1 - p)), on the side p <= 1/2 (by symmetry) so that
 * the walk is short and (1 - p)^n does not underflow for n up to about 1000.
 *
 * Reference: L. Devroye (1986), Non-Uniform Random Variate Generation, §X.4.
 */
import type { RandomSource } from '../random';

export function randomBinomial(n: number, p: number, random: RandomSource): number {
  if (!Number.isInteger(n) || n < 0 || n > 1000) throw new RangeError(`binomial draw needs an integer 0 <= n <= 1000, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial draw needs 0 <= p <= 1, got ${p}`);
  if (p > 0.5) return n - randomBinomial(n, 1 - p, random);
  if (p === 0) return 0;
  const u = random();
  const ratio = p / (1 - p);
  let prob = Math.pow(1 - p, n);
  let cdf = prob;
  let x = 0;
  while (u >= cdf && x < n) {
    prob *= ((n - x) / (x + 1)) * ratio;
    x++;
    cdf += prob;
  }
  return x;
}
