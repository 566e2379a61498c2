/**
 * ln C(n, k), the logarithm of the binomial coefficient, for integers 0 <= k <= n.
 *
 * @example Math.exp(lnChoose(10, 3)) // => 120 (to rounding)
 */
import { gammaln } from 'simple-statistics';

export function lnChoose(n: number, k: number): number {
  if (k < 0 || k > n) return -Infinity;
  if (k === 0 || k === n) return 0;
  return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1);
}
