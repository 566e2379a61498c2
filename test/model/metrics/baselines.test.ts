import { describe, expect, it } from 'vitest';
import { computeAbBins } from '../../../model/color/bins';
import { labToSrgbPixel, srgbToLabPixel } from '../../../model/color/lab';
import { baselineImage, MeanAb, meanAbOfDistribution } from '../../../model/metrics/baselines';

describe('baselineImage', () => {
  const real = Float32Array.from([30, 20, -40, 60, -15, 35, 95, 5, 5, 2, 0, 0]); // 2 x 2 Lab pixels

  it('keeps L, sets ab and lands on the 8-bit grid (grayscale: R = G = B)', () => {
    const img = baselineImage(real, 2, 2, 0, 0);
    expect([img.width, img.height]).toEqual([2, 2]);
    for (let p = 0; p < 4; p++) {
      const [r, g, b] = img.data.slice(3 * p, 3 * p + 3);
      expect(r).toBe(g);
      expect(g).toBe(b);
      expect(Math.abs(r * 255 - Math.round(r * 255))).toBeLessThan(1e-4); // Float32 of k / 255
      // its L is the photo's to within the 8-bit step
      expect(srgbToLabPixel(r, g, b)[0]).toBeCloseTo(real[3 * p], 0);
    }
  });

  it('is the per-pixel conversion of (L, a, b) clipped and rounded to 8 bits', () => {
    const img = baselineImage(real, 2, 2, 12, -7);
    for (let p = 0; p < 4; p++) {
      const expected = labToSrgbPixel(real[3 * p], 12, -7).map((v) => Math.round(Math.min(1, Math.max(0, v)) * 255) / 255);
      for (let c = 0; c < 3; c++) expect(img.data[3 * p + c]).toBeCloseTo(expected[c], 6);
    }
  });

  it('rejects a Lab array of the wrong size', () => {
    expect(() => baselineImage(real, 3, 2, 0, 0)).toThrow(/expected 3 x 2/);
  });
});

describe('mean ab', () => {
  it('MeanAb pools the pixels of several images', () => {
    const acc = new MeanAb();
    acc.add([50, 1, 2, 50, 3, 4]);
    acc.add([50, 8, -30]);
    expect(acc.pixels).toBe(3);
    expect(acc.value().a).toBeCloseTo(4, 12);
    expect(acc.value().b).toBeCloseTo(-8, 12);
    expect(() => new MeanAb().value()).toThrow(/no pixels/);
  });

  it('meanAbOfDistribution weighs the bin centres by p', () => {
    const bins = computeAbBins();
    const p = new Float64Array(bins.Q);
    const q0 = 100;
    const q1 = 200;
    p[q0] = 0.25;
    p[q1] = 0.75;
    const { a, b } = meanAbOfDistribution(p, bins);
    expect(a).toBeCloseTo(0.25 * bins.centers[2 * q0] + 0.75 * bins.centers[2 * q1], 10);
    expect(b).toBeCloseTo(0.25 * bins.centers[2 * q0 + 1] + 0.75 * bins.centers[2 * q1 + 1], 10);
    expect(() => meanAbOfDistribution([1, 2], bins)).toThrow(/313/);
  });
});
