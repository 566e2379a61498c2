import { describe, expect, it } from 'vitest';
import { colorfulness } from '../../../model/metrics/colorfulness';
import { constantImage } from './helpers';

describe('colorfulness', () => {
  it('is 0.3 sqrt(μ_rg² + μ_yb²) for a constant image, by hand', () => {
    // (R, G, B) = (200, 100, 50): rg = 100, yb = 150 - 50 = 100, σ = 0:
    // M = 0.3 sqrt(100² + 100²) = 42.42641.
    expect(colorfulness(constantImage(3, 2, [200 / 255, 100 / 255, 50 / 255]))).toBeCloseTo(42.42641, 4);
  });

  it('is 0 for any grey image', () => {
    const data = Float32Array.from({ length: 4 * 3 }, (_, i) => Math.floor(i / 3) / 3);
    expect(colorfulness({ width: 2, height: 2, data })).toBeCloseTo(0, 10);
  });

  it('matches a two-pixel case by hand (population σ)', () => {
    // Pixels (255, 0, 0) and (0, 0, 0): rg = (255, 0): μ = σ = 127.5; yb = (127.5, 0): μ = σ = 63.75.
    // M = sqrt(127.5² + 63.75²) (1 + 0.3) = 142.549335 * 1.3 = 185.314136.
    const data = Float32Array.from([1, 0, 0, 0, 0, 0]);
    expect(colorfulness({ width: 2, height: 1, data })).toBeCloseTo(185.314136, 4);
  });
});
