import { describe, expect, it } from 'vitest';
import { mse255, psnr } from '../../../model/metrics/psnr';
import { constantImage, patternPair } from './helpers';

describe('psnr', () => {
  it('gives 10 log10(255² / MSE) for a known MSE', () => {
    // Every value off by 10/255: MSE = 100 on the 8-bit scale, PSNR = 10 log10(65025/100) = 28.1308 dB.
    const real = constantImage(4, 3, [0.5, 0.2, 0.7]);
    const pred = constantImage(4, 3, [0.5 + 10 / 255, 0.2 - 10 / 255, 0.7 + 10 / 255]);
    expect(mse255(real, pred)).toBeCloseTo(100, 3);
    expect(psnr(real, pred)).toBeCloseTo(28.1308, 3);
  });

  it('halving the error adds 10 log10(4) = 6.0206 dB', () => {
    const [real, pred] = patternPair(8, 8);
    const half = { ...pred, data: pred.data.map((v, i) => (v + real.data[i]) / 2) };
    expect(psnr(real, half) - psnr(real, pred)).toBeCloseTo(6.0206, 3);
  });

  it('is +Infinity for identical images', () => {
    const [real] = patternPair(5, 5);
    expect(psnr(real, real)).toBe(Infinity);
  });
});
