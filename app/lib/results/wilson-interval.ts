/**
 * Wilson score 95% interval for a binomial proportion (Wilson 1927; Newcombe 1998, method 3):
 * centre (k + z²/2) / (n + z²), half-width z √(k(n - k)/n + z²/4) / (n + z²).
 * Used by the results page until the stats module's own interval functions land.
 */
export interface Interval {
  lower: number;
  upper: number;
}

/** The 0.975 quantile of the standard normal distribution. */
const Z_95 = 1.959963984540054;

export function wilsonInterval(k: number, n: number): Interval {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`Wilson interval needs 0 <= k <= n, n >= 1; got k = ${k}, n = ${n}`);
  const z2 = Z_95 * Z_95;
  const centre = (k + z2 / 2) / (n + z2);
  const half = (Z_95 * Math.sqrt((k * (n - k)) / n + z2 / 4)) / (n + z2);
  return { lower: k === 0 ? 0 : centre - half, upper: k === n ? 1 : centre + half };
}
