/**
 * Standard error and percentile interval from bootstrap replicates: the sample standard
 * deviation of the replicates, and their (1 - c)/2 and (1 + c)/2 quantiles (linear
 * interpolation, R type 7, as simple-statistics' `quantileSorted`).
 *
 * Reference: B. Efron & R. J. Tibshirani (1993), An Introduction to the Bootstrap, §6.2 and §13.3.
 */
import { quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import type { Interval } from './interval';

export interface BootstrapSummary extends Interval {
  se: number;
}

export function bootstrapSummary(replicates: Float64Array, confidence = 0.95): BootstrapSummary {
  if (replicates.length < 2) throw new RangeError('a bootstrap summary needs at least 2 replicates');
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  const sorted = Array.from(replicates).sort((a, b) => a - b);
  return {
    se: sampleStandardDeviation(sorted),
    lower: quantileSorted(sorted, (1 - confidence) / 2),
    upper: quantileSorted(sorted, (1 + confidence) / 2),
  };
}
