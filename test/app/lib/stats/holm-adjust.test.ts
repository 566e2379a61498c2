import { describe, expect, it } from 'vitest';
import { holmAdjust } from '../../../../app/lib/stats/holm-adjust';

describe('holmAdjust', () => {
  it('matches a hand-worked example', () => {
    // m = 4. Sorted: 0.005 (x4 = 0.02), 0.01 (x3 = 0.03), 0.03 (x2 = 0.06), 0.04 (x1 = 0.04, raised
    // to the running maximum 0.06). Back in input order:
    expect(holmAdjust([0.01, 0.04, 0.03, 0.005])).toEqual([0.03, 0.06, 0.06, 0.02].map((v) => expect.closeTo(v, 15)));
  });

  it('caps at 1 and keeps ties in input order', () => {
    // Sorted 0.2 (x3 = 0.6), 0.2 (x2 = 0.4 -> 0.6), 0.7 (x1 = 0.7).
    expect(holmAdjust([0.7, 0.2, 0.2])).toEqual([0.7, 0.6, 0.6].map((v) => expect.closeTo(v, 15)));
    expect(holmAdjust([0.5, 0.6])).toEqual([1, 1]);
    expect(holmAdjust([0.03])).toEqual([0.03]);
    expect(holmAdjust([])).toEqual([]);
  });

  it('rejects values that are not p-values', () => {
    expect(() => holmAdjust([0.1, 1.2])).toThrow(/\[0, 1\]/);
    expect(() => holmAdjust([Number.NaN])).toThrow(/\[0, 1\]/);
  });
});
