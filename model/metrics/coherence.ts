/**
 * Coherence score: the seed's coherence loss (Stellbrink 2018, "Coherent and Colorful Image
 * Colorization", Eq. 3, L_C = Σ_hw ||ΔY_hw - ΔŶ_hw||_2) used as a metric, averaged instead
 * of summed so that images of any size compare. Lower is better; 0 means the prediction's
 * colour changes match the photo's everywhere (it may still be a different colour: a
 * constant ab shift scores 0, which is the point of the seed's definition).
 *
 * ΔY_hw is the ab gradient at pixel (h, w) by forward differences: the 4-vector
 * (a(h,w+1) - a(h,w), b(h,w+1) - b(h,w), a(h+1,w) - a(h,w), b(h+1,w) - b(h,w)), "the change of
 * a color in both horizontal or vertical direction within either of the two color channels"
 * (the seed, Sec. 3.1). The score is the mean of ||ΔY - ΔŶ||_2 over the (H-1)(W-1) pixels
 * that have both a right and a lower neighbour. Units: ab units per pixel.
 */
import { srgbToLabArray } from '../color/lab-math';
import type { RgbImage } from '../image/rgb-image';
import { checkSameSize } from '../image/rgb-image';

export function coherenceScore(real: RgbImage, pred: RgbImage): number {
  checkSameSize(real, pred, 'coherenceScore');
  const { width: W, height: H } = real;
  if (W < 2 || H < 2) throw new Error(`the coherence score needs at least 2 x 2 pixels; got ${W} x ${H}`);
  return coherenceScoreLab(srgbToLabArray(real.data), srgbToLabArray(pred.data), W, H);
}

/** The same from interleaved Lab arrays of a W x H image (callers that already converted). */
export function coherenceScoreLab(t: Float32Array, p: Float32Array, W: number, H: number): number {
  if (t.length !== 3 * W * H || p.length !== 3 * W * H) throw new Error(`coherenceScore: Lab arrays must hold ${W} x ${H} pixels`);
  if (W < 2 || H < 2) throw new Error(`the coherence score needs at least 2 x 2 pixels; got ${W} x ${H}`);
  // d = ab_pred - ab_true per pixel: the gradient of the difference is the difference of gradients.
  const da = new Float64Array(W * H);
  const db = new Float64Array(W * H);
  for (let i = 0; i < W * H; i++) {
    da[i] = p[3 * i + 1] - t[3 * i + 1];
    db[i] = p[3 * i + 2] - t[3 * i + 2];
  }
  let sum = 0;
  for (let h = 0; h < H - 1; h++) {
    for (let w = 0; w < W - 1; w++) {
      const i = h * W + w;
      const ax = da[i + 1] - da[i];
      const bx = db[i + 1] - db[i];
      const ay = da[i + W] - da[i];
      const by = db[i + W] - db[i];
      sum += Math.sqrt(ax * ax + bx * bx + ay * ay + by * by);
    }
  }
  return sum / ((H - 1) * (W - 1));
}
