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

/**
 * Mean SSIM of one channel (planes of values in [0, 1], row-major). One horizontal pass
 * filters the five planes x, y, x², y², xy at once; the vertical pass then evaluates the SSIM
 * map at each valid position without storing it.
 */
export function ssimPlane(x: Float64Array, y: Float64Array, width: number, height: number): number {
  const w = gaussianWindow1d();
  const k = w.length;
  const c1 = SSIM_K1 ** 2; // (K1 L)^2 with L = 1
  const c2 = SSIM_K2 ** 2; // (K2 L)^2
  const ow = width - k + 1;
  const oh = height - k + 1;
  // Horizontal pass: row-filtered E[x], E[y], E[x²], E[y²], E[xy], each height x ow.
  const hx = new Float64Array(height * ow);
  const hy = new Float64Array(height * ow);
  const hxx = new Float64Array(height * ow);
  const hyy = new Float64Array(height * ow);
  const hxy = new Float64Array(height * ow);
  for (let r = 0; r < height; r++) {
    const row = r * width;
    for (let c = 0; c < ow; c++) {
      let sx = 0;
      let sy = 0;
      let sxx = 0;
      let syy = 0;
      let sxy = 0;
      for (let i = 0; i < k; i++) {
        const a = x[row + c + i];
        const b = y[row + c + i];
        const wi = w[i];
        sx += wi * a;
        sy += wi * b;
        sxx += wi * a * a;
        syy += wi * b * b;
        sxy += wi * a * b;
      }
      const o = r * ow + c;
      hx[o] = sx;
      hy[o] = sy;
      hxx[o] = sxx;
      hyy[o] = syy;
      hxy[o] = sxy;
    }
  }
  // Vertical pass and the SSIM map (Wang et al. Eq. 13).
  let sum = 0;
  for (let r = 0; r < oh; r++) {
    for (let c = 0; c < ow; c++) {
      let mx = 0;
      let my = 0;
      let exx = 0;
      let eyy = 0;
      let exy = 0;
      for (let i = 0; i < k; i++) {
        const o = (r + i) * ow + c;
        const wi = w[i];
        mx += wi * hx[o];
        my += wi * hy[o];
        exx += wi * hxx[o];
        eyy += wi * hyy[o];
        exy += wi * hxy[o];
      }
      const vx = exx - mx * mx; // σ_x², weighted
      const vy = eyy - my * my;
      const cov = exy - mx * my; // σ_xy
      sum += ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
    }
  }
  return sum / (ow * oh);
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
