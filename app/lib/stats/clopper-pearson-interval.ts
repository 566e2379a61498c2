/**
 * Clopper-Pearson "exact" interval for a binomial proportion: the p whose one-sided binomial
 * tail probabilities of the observed k are both at least (1 - confidence) / 2. Its coverage
 * is never below nominal (it is conservative). The limits are beta quantiles:
 * lower = B⁻¹(α/2; k, n - k + 1), upper = B⁻¹(1 - α/2; k + 1, n - k), with lower = 0 at k = 0
 * and upper = 1 at k = n.
 *
 * Reference: C. J. Clopper & E. S. Pearson (1934), Biometrika 26:404-413; Newcombe (1998) method 5.
 *
 * @example clopperPearsonInterval(0, 10) // => { lower: 0, upper: 0.3084971... } (= 1 - 0.025^(1/10))
 */
import type { Interval } from './interval';
import { inverseRegularizedIncompleteBeta } from './inverse-regularized-incomplete-beta';

export function clopperPearsonInterval(k: number, n: number, confidence = 0.95): Interval {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Clopper-Pearson interval needs n >= 1 trials, got ${n}`);
  if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`Clopper-Pearson interval needs 0 <= k <= n, got k = ${k}, n = ${n}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  const alpha = 1 - confidence;
  return {
    lower: k === 0 ? 0 : inverseRegularizedIncompleteBeta(alpha / 2, k, n - k + 1),
    upper: k === n ? 1 : inverseRegularizedIncompleteBeta(1 - alpha / 2, k + 1, n - k),
  };
}
