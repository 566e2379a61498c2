/**
 * Wilson score interval for a binomial proportion: the set of p whose score test does not
 * reject at the given confidence. Unlike the Wald interval it stays inside [0, 1] and keeps
 * close to nominal coverage for small n and extreme k.
 *
 * Reference: E. B. Wilson (1927), "Probable inference, the law of succession, and statistical
 * inference", JASA 22:209-212; R. G. Newcombe (1998), Statistics in Medicine 17:857-872, method 3.
 *
 * centre = (k + z²/2) / (n + z²), half-width = z √(k (n - k) / n + z²/4) / (n + z²)
 *
 * @example wilsonInterval(81, 263) // => { lower: 0.2553..., upper: 0.3662... } (Newcombe 1998, Table II)
 */
import type { Interval } from './interval';
import { standardNormalQuantile } from './standard-normal-quantile';

export function wilsonInterval(k: number, n: number, confidence = 0.95): Interval {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Wilson interval needs n >= 1 trials, got ${n}`);
  if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`Wilson interval needs 0 <= k <= n, got k = ${k}, n = ${n}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  const z = standardNormalQuantile(1 - (1 - confidence) / 2);
  const z2 = z * z;
  const denominator = n + z2;
  const centre = (k + z2 / 2) / denominator;
  const half = (z * Math.sqrt((k * (n - k)) / n + z2 / 4)) / denominator;
  // At k = 0 and k = n the limits are exactly 0 and 1; keep rounding from making them -1e-17.
  return { lower: k === 0 ? 0 : centre - half, upper: k === n ? 1 : centre + half };
}
