/**
 * Per-pixel colour error in the ab plane and its cumulative distribution: the "AuC" of
 * Zhang, Isola & Efros 2016, "Colorful Image Colorization" (ECCV), Sec. 3.1 and Table 1
 * (https://arxiv.org/abs/1603.08511): "we compute the percentage of predicted pixel colors
 * within a thresholded L2 distance of the ground truth in ab color space. We then sweep
 * across thresholds from 0 to 150 to produce a cumulative mass function ... integrate the
 * area under the curve (AuC), and normalize."
 *
 * Normalisation used here: AuC = (1/150) ∫_0^150 CDF(t) dt, so 1 (100 %) means every pixel's
 * ab is exact and 0 means every error is >= 150; Zhang's table prints it as a percentage.
 * The integral is taken exactly rather than by a sweep: since CDF(t) = mean_p [e_p <= t],
 * ∫_0^T CDF(t) dt = mean_p (T - min(e_p, T)), so AuC = 1 - mean_p min(e_p, 150) / 150, the
 * limit of a sweep with ever finer thresholds. This is the non-rebalanced AuC (every pixel
 * weighs the same), Table 1's first AuC column.
 */
import { srgbToLabArray } from '../color/lab-math';
import type { RgbImage } from '../image/rgb-image';
import { checkSameSize } from '../image/rgb-image';

/** Upper end of Zhang's threshold sweep, in ab units. */
export const AUC_MAX_THRESHOLD = 150;

/** Per-pixel Euclidean distance between the ab values of two images of the same size. */
export function abErrors(real: RgbImage, pred: RgbImage): Float64Array {
  checkSameSize(real, pred, 'abErrors');
  return abErrorsLab(srgbToLabArray(real.data), srgbToLabArray(pred.data));
}

/** The same from interleaved Lab arrays (callers that already converted). */
export function abErrorsLab(labReal: Float32Array, labPred: Float32Array): Float64Array {
  if (labReal.length !== labPred.length) throw new Error('abErrors: Lab arrays differ in length');
  const out = new Float64Array(labReal.length / 3);
  for (let p = 0; p < out.length; p++) {
    const da = labReal[3 * p + 1] - labPred[3 * p + 1];
    const db = labReal[3 * p + 2] - labPred[3 * p + 2];
    out[p] = Math.sqrt(da * da + db * db);
  }
  return out;
}

/** The cumulative mass function: fraction of pixels with error <= each threshold. */
export function abErrorCdf(errors: ArrayLike<number>, thresholds: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(errors).sort();
  return Float64Array.from(thresholds, (t) => {
    // count of errors <= t by binary search on the sorted errors
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return sorted.length ? lo / sorted.length : NaN;
  });
}

/** AuC of the ab-error CDF over thresholds 0..maxThreshold, normalised to [0, 1] (see the header). */
export function abErrorAuc(real: RgbImage, pred: RgbImage, maxThreshold = AUC_MAX_THRESHOLD): number {
  return aucOfErrors(abErrors(real, pred), maxThreshold);
}

/** AuC from per-pixel errors: 1 - mean(min(e, max)) / max. */
export function aucOfErrors(errors: Float64Array, maxThreshold = AUC_MAX_THRESHOLD): number {
  let sum = 0;
  for (const e of errors) sum += Math.min(e, maxThreshold);
  return 1 - sum / errors.length / maxThreshold;
}
