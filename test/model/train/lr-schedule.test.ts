import { describe, expect, it } from 'vitest';
import { learningRate } from '../../../model/train/lr-schedule';

describe('learningRate', () => {
  const cosine = { lr: 1e-3, lrSchedule: 'cosine', lrFinal: 0.1, warmup: 100, steps: 1100 };

  it('warms up linearly, then follows the cosine down to lrFinal · lr at the last step', () => {
    expect(learningRate(cosine, 1)).toBeCloseTo(1e-5, 12); // 1/100 of lr
    expect(learningRate(cosine, 50)).toBeCloseTo(5e-4, 12);
    expect(learningRate(cosine, 100)).toBeCloseTo(1e-3, 12);
    // Half-way through the 1000 decay steps cos(π/2) = 0: lr · (0.1 + 0.9 · 0.5) = 5.5e-4.
    expect(learningRate(cosine, 600)).toBeCloseTo(5.5e-4, 12);
    // A quarter of the way: cos(π/4) = √2/2.
    expect(learningRate(cosine, 350)).toBeCloseTo(1e-3 * (0.1 + 0.9 * 0.5 * (1 + Math.SQRT1_2)), 12);
    expect(learningRate(cosine, 1100)).toBeCloseTo(1e-4, 12);
    // A resumed run past its planned end stays at the floor.
    expect(learningRate(cosine, 1500)).toBeCloseTo(1e-4, 12);
  });

  it('keeps a constant rate after the warm-up', () => {
    const constant = { ...cosine, lrSchedule: 'constant', warmup: 0 };
    expect([1, 500, 1100].map((s) => learningRate(constant, s))).toEqual([1e-3, 1e-3, 1e-3]);
  });
});
