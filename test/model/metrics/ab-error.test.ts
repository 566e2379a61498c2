import { describe, expect, it } from 'vitest';
import { abErrorAuc, abErrorCdf, abErrors } from '../../../model/metrics/ab-error';
import { constantImage, imageFromLab, patternPair } from './helpers';

describe('abErrorAuc', () => {
  it('is 1 for identical images', () => {
    const [real] = patternPair(9, 7);
    expect(abErrorAuc(real, real)).toBe(1);
  });

  it('matches a hand computation', () => {
    // Four pixels with ab errors 0, 30, 75 (= |(45, 60)|) and one above 150:
    // sRGB green vs sRGB blue, |(-86.1827 - 79.1875, 83.1793 + 107.8602)| = 252.7 (Lindbloom's
    // Lab values), which counts as 150. AuC = 1 - (0 + 30 + 75 + 150) / 4 / 150 = 0.575.
    const real = imageFromLab(2, 2, [
      [60, 0, 0],
      [60, 0, 0],
      [60, 0, 0],
      [87.7347, -86.1827, 83.1793],
    ]);
    const pred = imageFromLab(2, 2, [
      [60, 0, 0],
      [60, 30, 0],
      [60, 45, 60],
      [32.297, 79.1875, -107.8602],
    ]);
    const e = abErrors(real, pred);
    expect(e[0]).toBeCloseTo(0, 3);
    expect(e[1]).toBeCloseTo(30, 3);
    expect(e[2]).toBeCloseTo(75, 3);
    expect(e[3]).toBeCloseTo(252.7, 1);
    expect(abErrorAuc(real, pred)).toBeCloseTo(0.575, 5);
  });

  it('equals the area under a fine threshold sweep of the CDF (second method)', () => {
    const [real, pred] = patternPair(12, 10);
    const step = 0.01;
    const thresholds = Float64Array.from({ length: 150 / step + 1 }, (_, i) => i * step);
    const cdf = abErrorCdf(abErrors(real, pred), thresholds);
    let area = 0; // trapezoid rule
    for (let i = 1; i < cdf.length; i++) area += ((cdf[i] + cdf[i - 1]) / 2) * step;
    expect(abErrorAuc(real, pred)).toBeCloseTo(area / 150, 4);
  });

  it('rejects images of different sizes', () => {
    expect(() => abErrorAuc(constantImage(2, 2, [0, 0, 0]), constantImage(3, 2, [0, 0, 0]))).toThrow(/differ in size/);
  });
});

describe('abErrorCdf', () => {
  it('counts errors at or below each threshold', () => {
    expect(Array.from(abErrorCdf([0, 1, 1, 5], [0, 0.5, 1, 4.9, 5, 100]))).toEqual([0.25, 0.25, 0.75, 0.75, 1, 1]);
  });
});
