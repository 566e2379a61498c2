/**
 * Requested against achieved exposure: did the display show each image for as long as the
 * protocol asked? For every trial with a requested exposure (exposureMs) and a measured onset
 * and offset of its image (firstOnsetMs, firstOffsetMs: the requestAnimationFrame timestamps
 * of the frames that showed and hid it), achieved = offset - onset and deviation = achieved -
 * requested. A display can only switch on frame boundaries, so deviations within half a frame
 * (8.3 ms at 60 Hz) are the best it can do; larger ones are dropped or late frames.
 *
 * @example exposureAccuracy([{ exposureMs: 100, firstOnsetMs: 16.7, firstOffsetMs: 116.7 }, { exposureMs: 100, firstOnsetMs: 16.7, firstOffsetMs: 133.4 }])
 * // => { trials: 2, measured: 2, meanDeviationMs: 8.35, maxAbsDeviationMs: 16.7, ... }
 */
import type { TrialRow } from '../trials/trial-row';

export interface ExposureLevel {
  requestedMs: number;
  measured: number;
  meanAchievedMs: number;
  /** the largest |achieved - requested| at this level */
  maxAbsDeviationMs: number;
}

export interface ExposureAccuracy {
  /** trials with a requested exposure */
  trials: number;
  /** of those, with both the image's onset and offset measured */
  measured: number;
  meanRequestedMs: number | null;
  meanAchievedMs: number | null;
  /** mean of achieved - requested (signed: positive = shown too long on average) */
  meanDeviationMs: number | null;
  /** mean of |achieved - requested| */
  meanAbsDeviationMs: number | null;
  /** the largest |achieved - requested| */
  maxAbsDeviationMs: number | null;
  /** the deviation (signed) of that trial */
  worstDeviationMs: number | null;
  byLevel: ExposureLevel[];
}

type Timed = Pick<TrialRow, 'exposureMs' | 'firstOnsetMs' | 'firstOffsetMs'>;

const round = (x: number) => Math.round(x * 1000) / 1000;

export function exposureAccuracy(rows: readonly Timed[]): ExposureAccuracy {
  const requested = rows.filter((r) => r.exposureMs !== null);
  const measured = requested.filter((r) => r.firstOnsetMs !== null && r.firstOffsetMs !== null);
  const achieved = measured.map((r) => r.firstOffsetMs! - r.firstOnsetMs!);
  const deviations = measured.map((r, i) => achieved[i] - r.exposureMs!);
  const mean = (xs: number[]) => (xs.length ? round(xs.reduce((s, x) => s + x, 0) / xs.length) : null);
  let worst: number | null = null;
  for (const d of deviations) if (worst === null || Math.abs(d) > Math.abs(worst)) worst = d;
  const levels = new Map<number, number[]>();
  measured.forEach((r, i) => levels.set(r.exposureMs!, [...(levels.get(r.exposureMs!) ?? []), achieved[i]]));
  return {
    trials: requested.length,
    measured: measured.length,
    meanRequestedMs: mean(measured.map((r) => r.exposureMs!)),
    meanAchievedMs: mean(achieved),
    meanDeviationMs: mean(deviations),
    meanAbsDeviationMs: mean(deviations.map(Math.abs)),
    maxAbsDeviationMs: worst === null ? null : round(Math.abs(worst)),
    worstDeviationMs: worst === null ? null : round(worst),
    byLevel: [...levels.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([level, xs]) => ({
        requestedMs: level,
        measured: xs.length,
        meanAchievedMs: mean(xs)!,
        maxAbsDeviationMs: round(Math.max(...xs.map((x) => Math.abs(x - level)))),
      })),
  };
}
