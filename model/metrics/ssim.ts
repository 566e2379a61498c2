/**
 * Structural similarity, Wang, Bovik, Sheikh & Simoncelli 2004, "Image quality assessment:
 * from error visibility to structural similarity", IEEE TIP 13(4), Eq. (13) with the
 * parameters of their Sec. III-C and reference code (https://www.cns.nyu.edu/~lcv/ssim/):
 * an 11 x 11 circular-symmetric Gaussian window with σ = 1.5 (weights normalised to sum 1),
 * K1 = 0.01, K2 = 0.03, dynamic range L = 255 (1 on our [0, 1] values, the same thing),
 * local statistics with the window's weights (no N-1 correction), and the mean of the SSIM
 * map over the windows that fit inside the image ("valid" filtering, as ssim.m).
 *
 * Colour: computed on each of R, G and B separately and averaged (as skimage's
 * structural_similarity with channel_axis, gaussian_weights=True, sigma=1.5,
 * use_sample_covariance=False, data_range=1; Wang et al. defined SSIM for grey images).
 */
import type { RgbImage } from '../image/rgb-image';
import { checkSameSize } from '../image/rgb-image';

export const SSIM_WINDOW = 11;
export const SSIM_SIGMA = 1.5;
export const SSIM_K1 = 0.01;
export const SSIM_K2 = 0.03;

/** Normalised 1-D Gaussian weights; the 2-D window is their outer product (separable). */
export function gaussianWindow1d(size = SSIM_WINDOW, sigma = SSIM_SIGMA): Float64Array {
  const half = (size - 1) / 2;
  const w = Float64Array.from({ length: size }, (_, i) => Math.exp(-((i - half) ** 2) / (2 * sigma * sigma)));
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / sum);
}

/** "Valid" separable filtering of a width x height plane: output (width-k+1) x (height-k+1). */
function filterValid(plane: Float64Array, width: number, height: number, w: Float64Array): Float64Array {
  const k = w.length;
  const ow = width - k + 1;
  const oh = height - k + 1;
  const rows = new Float64Array(height * ow);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < ow; x++) {
      let s = 0;
      for (let i = 0; i < k; i++) s += w[i] * plane[y * width + x + i];
      rows[y * ow + x] = s;
    }
  }
  const out = new Float64Array(oh * ow);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      let s = 0;
      for (let i = 0; i < k; i++) s += w[i] * rows[(y + i) * ow + x];
      out[y * ow + x] = s;
    }
  }
  return out;
}

/** Mean SSIM of one channel (planes of values in [0, 1]). */
export function ssimPlane(x: Float64Array, y: Float64Array, width: number, height: number): number {
  const w = gaussianWindow1d();
  const c1 = SSIM_K1 ** 2; // (K1 L)^2 with L = 1
  const c2 = SSIM_K2 ** 2; // (K2 L)^2
  const n = width * height;
  const xx = new Float64Array(n);
  const yy = new Float64Array(n);
  const xy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xx[i] = x[i] * x[i];
    yy[i] = y[i] * y[i];
    xy[i] = x[i] * y[i];
  }
  const mx = filterValid(x, width, height, w);
  const my = filterValid(y, width, height, w);
  const exx = filterValid(xx, width, height, w);
  const eyy = filterValid(yy, width, height, w);
  const exy = filterValid(xy, width, height, w);
  let sum = 0;
  for (let i = 0; i < mx.length; i++) {
    const vx = exx[i] - mx[i] * mx[i]; // σ_x^2, weighted
    const vy = eyy[i] - my[i] * my[i];
    const cov = exy[i] - mx[i] * my[i]; // σ_xy
    sum +=
      ((2 * mx[i] * my[i] + c1) * (2 * cov + c2)) / ((mx[i] * mx[i] + my[i] * my[i] + c1) * (vx + vy + c2));
  }
  return sum / mx.length;
}

/** SSIM of `pred` against `real`: mean over R, G, B of the per-channel mean SSIM. */
export function ssim(real: RgbImage, pred: RgbImage): number {
  checkSameSize(real, pred, 'ssim');
  const { width, height } = real;
  if (width < SSIM_WINDOW || height < SSIM_WINDOW) {
    throw new Error(`SSIM needs images of at least ${SSIM_WINDOW} x ${SSIM_WINDOW} pixels; got ${width} x ${height}`);
  }
  let total = 0;
  for (let c = 0; c < 3; c++) {
    const x = new Float64Array(width * height);
    const y = new Float64Array(width * height);
    for (let p = 0; p < x.length; p++) {
      x[p] = real.data[3 * p + c];
      y[p] = pred.data[3 * p + c];
    }
    total += ssimPlane(x, y, width, height);
  }
  return total / 3;
}
