/**
 * The standard normal quantile Φ⁻¹(p) for 0 < p < 1 (e.g. 1.959963984540054 for 0.975),
 * to about 1e-15 relative.
 *
 * simple-statistics' `probit` is off in the third decimal (1.9572 for 0.975), enough to move
 * a Wilson limit in the fourth. It serves here as the starting point of Newton's iteration
 * z ← z - (Φ(z) - p) / φ(z), run on the smaller tail so that tail probabilities keep their
 * relative precision.
 *
 * @example standardNormalQuantile(0.975) // => 1.959963984540054
 */
import { probit } from 'simple-statistics';
import { standardNormalCdf } from './standard-normal-cdf';

const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;

export function standardNormalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normal quantile needs 0 < p < 1, got ${p}`);
  if (p > 0.5) return -standardNormalQuantile(1 - p);
  if (p === 0.5) return 0;
  let z = probit(p);
  if (!Number.isFinite(z)) z = -38;
  for (let i = 0; i < 50; i++) {
    const density = ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * z * z);
    const step = (standardNormalCdf(z) - p) / density;
    z -= step;
    if (Math.abs(step) <= 1e-15 * Math.abs(z)) break;
  }
  return z;
}
