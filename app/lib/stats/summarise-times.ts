/**
 * Median and interquartile range of response times (ms). Quartiles by linear interpolation
 * (R type 7, numpy's default), through simple-statistics.
 *
 * @example summariseTimes([400, 500, 600, 900]) // => { n: 4, median: 550, q1: 475, q3: 675, iqr: 200 }
 */
import { quantileSorted } from 'simple-statistics';

export interface TimeSummary {
  n: number;
  /** null when n = 0 */
  median: number | null;
  q1: number | null;
  q3: number | null;
  iqr: number | null;
}

export function summariseTimes(times: readonly number[]): TimeSummary {
  if (times.length === 0) return { n: 0, median: null, q1: null, q3: null, iqr: null };
  const sorted = [...times].sort((a, b) => a - b);
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  return { n: sorted.length, median: quantileSorted(sorted, 0.5), q1, q3, iqr: q3 - q1 };
}
