import { describe, expect, it } from 'vitest';
import { gaussianWindow1d, ssim } from '../../../model/metrics/ssim';
import { constantImage, patternPair } from './helpers';

/** SSIM of one channel by the definition: one explicit 2-D 11x11 window per position. */
function directSsimChannel(x: Float32Array, y: Float32Array, width: number, height: number, c: number): number {
  const w2 = (i: number, j: number) => Math.exp(-((i - 5) ** 2 + (j - 5) ** 2) / (2 * 1.5 * 1.5));
  let norm = 0;
  for (let i = 0; i < 11; i++) for (let j = 0; j < 11; j++) norm += w2(i, j);
  const c1 = 0.01 ** 2;
  const c2 = 0.03 ** 2;
  let total = 0;
  let count = 0;
  for (let oy = 0; oy + 11 <= height; oy++) {
    for (let ox = 0; ox + 11 <= width; ox++) {
      let mx = 0;
      let my = 0;
      for (let i = 0; i < 11; i++) {
        for (let j = 0; j < 11; j++) {
          const p = 3 * ((oy + i) * width + ox + j) + c;
          mx += (w2(i, j) / norm) * x[p];
          my += (w2(i, j) / norm) * y[p];
        }
      }
      let vx = 0;
      let vy = 0;
      let cov = 0;
      for (let i = 0; i < 11; i++) {
        for (let j = 0; j < 11; j++) {
          const p = 3 * ((oy + i) * width + ox + j) + c;
          const wt = w2(i, j) / norm;
          vx += wt * (x[p] - mx) ** 2;
          vy += wt * (y[p] - my) ** 2;
          cov += wt * (x[p] - mx) * (y[p] - my);
        }
      }
      total += ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
      count++;
    }
  }
  return total / count;
}

describe('ssim', () => {
  it('is 1 for identical images', () => {
    const [real] = patternPair(16, 13);
    expect(ssim(real, real)).toBeCloseTo(1, 10);
  });

  it('matches skimage on a pattern pair', () => {
    // python3 -c "from skimage.metrics import structural_similarity as s; ...": the pair of
    // patternPair(16, 13) (same formula in numpy, float64), s(real, pred, channel_axis=2,
    // gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=1)
    // = 0.5442342367773284 (Debian python3-skimage 0.19.3).
    const [real, pred] = patternPair(16, 13);
    expect(ssim(real, pred)).toBeCloseTo(0.5442342, 5);
  });

  it('matches a direct 2-D window computation (independent of the separable filter)', () => {
    const [real, pred] = patternPair(14, 12);
    let direct = 0;
    for (let c = 0; c < 3; c++) direct += directSsimChannel(real.data, pred.data, 14, 12, c) / 3;
    expect(ssim(real, pred)).toBeCloseTo(direct, 10);
  });

  it('for two constant images reduces to the luminance term by hand', () => {
    // σ = 0 everywhere: SSIM = (2 μx μy + C1) / (μx² + μy² + C1) per channel; with μx = 0.5,
    // μy = 0.25 (all channels): (0.25 + 1e-4) / (0.3125 + 1e-4) = 0.800064.
    const a = constantImage(11, 11, [0.5, 0.5, 0.5]);
    const b = constantImage(11, 11, [0.25, 0.25, 0.25]);
    expect(ssim(a, b)).toBeCloseTo(0.800064, 6);
  });

  it('uses a normalised Gaussian of 11 taps', () => {
    const w = gaussianWindow1d();
    expect(w).toHaveLength(11);
    expect(w.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    expect(w[5] / w[4]).toBeCloseTo(Math.exp(1 / 4.5), 12);
  });

  it('refuses images smaller than the window', () => {
    const a = constantImage(10, 20, [0, 0, 0]);
    expect(() => ssim(a, a)).toThrow(/at least 11 x 11/);
  });
});
