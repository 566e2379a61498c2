import { describe, expect, it } from 'vitest';
import { coherenceScore } from '../../../model/metrics/coherence';
import { constantImage, imageFromLab, patternPair } from './helpers';

describe('coherenceScore', () => {
  it('is 0 for identical images and for a constant ab shift', () => {
    const [real] = patternPair(6, 5);
    expect(coherenceScore(real, real)).toBe(0);
    const grid = (da: number, db: number) =>
      imageFromLab(
        3,
        2,
        Array.from({ length: 6 }, (_, i) => [50 + 5 * i, -10 + 4 * i + da, 12 - 3 * i + db] as [number, number, number]),
      );
    expect(coherenceScore(grid(0, 0), grid(20, -15))).toBeCloseTo(0, 3);
  });

  it('matches a hand computation on 2 x 2 and 3 x 2 images', () => {
    // 2 x 2, truth grey; prediction a = (0, 10 / 0, 10) by rows: d = pred - true has
    // a-differences right +10, down 0 at the one pixel with both neighbours: ||(10, 0, 0, 0)|| = 10.
    const truth = imageFromLab(2, 2, [
      [50, 0, 0],
      [50, 0, 0],
      [50, 0, 0],
      [50, 0, 0],
    ]);
    const pred = imageFromLab(2, 2, [
      [50, 0, 0],
      [50, 10, 0],
      [50, 0, 0],
      [50, 10, 0],
    ]);
    expect(coherenceScore(truth, pred)).toBeCloseTo(10, 3);
    // 3 x 2: d_a = (0, 6, 6 / 0, 0, 0), d_b = (0, 0, 8 / 0, 0, 0). Pixel (0,0): right (6, 0),
    // down (0, 0): 6. Pixel (0,1): right (0, 8), down (-6, 0): sqrt(36 + 64) = 10. Mean 8.
    const truth3 = imageFromLab(3, 2, Array.from({ length: 6 }, () => [60, 5, 5] as [number, number, number]));
    const pred3 = imageFromLab(3, 2, [
      [60, 5, 5],
      [60, 11, 5],
      [60, 11, 13],
      [60, 5, 5],
      [60, 5, 5],
      [60, 5, 5],
    ]);
    expect(coherenceScore(truth3, pred3)).toBeCloseTo(8, 3);
  });

  it('does not depend on L (only ab is compared)', () => {
    const a = imageFromLab(2, 2, [
      [40, 10, 10],
      [40, 10, 10],
      [40, 10, 10],
      [40, 10, 10],
    ]);
    const b = imageFromLab(2, 2, [
      [70, 10, 10],
      [30, 10, 10],
      [55, 10, 10],
      [45, 10, 10],
    ]);
    expect(coherenceScore(a, b)).toBeCloseTo(0, 3);
  });

  it('refuses images smaller than 2 x 2', () => {
    const a = constantImage(1, 3, [0, 0, 0]);
    expect(() => coherenceScore(a, a)).toThrow(/2 x 2/);
  });
});
