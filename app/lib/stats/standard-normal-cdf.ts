/**
 * The standard normal CDF Φ(z), to about 1e-15 (relative, in both tails).
 *
 * simple-statistics' `cumulativeStdNormalProbability` reads a 2-decimal table, too coarse
 * for the Newton iteration of the normal quantile. Here Φ(z) = erfc(-z / √2) / 2 with
 * erfc from the Maclaurin series of erf for |x| < 2 (A&S 7.1.5) and from its continued
 * fraction otherwise (A&S 7.1.14, evaluated by the modified Lentz algorithm).
 *
 * @example standardNormalCdf(1.959963984540054) // => 0.975
 */
const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;

/** erfc(x) for any real x. */
function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) {
    // erf(x) = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1)); every term is below 10, so the
    // alternating sum loses at most one digit.
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - TWO_OVER_SQRT_PI * sum;
  }
  if (x > 27) return 0; // below the smallest double
  // erfc(x) = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), by modified Lentz.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const an = n / 2;
    d = x + an * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = x + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (Math.exp(-x * x) * ONE_OVER_SQRT_PI) / f;
}

export function standardNormalCdf(z: number): number {
  if (Number.isNaN(z)) throw new RangeError('standardNormalCdf: z is NaN');
  return 0.5 * erfc(-z / Math.SQRT2);
}
