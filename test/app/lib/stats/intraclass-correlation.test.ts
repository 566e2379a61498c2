import { describe, expect, it } from 'vitest';
import { intraclassCorrelation } from '../../../../app/lib/stats/intraclass-correlation';
import { designEffect } from '../../../../app/lib/stats/design-effect';
import { seededRandom } from '../../../../app/lib/random';
import { randomBeta } from '../../../../app/lib/stats/random-beta';
import { randomBinomial } from '../../../../app/lib/stats/random-binomial';

/** Second method: a one-way ANOVA on the raw 0/1 responses, sums of squares computed trial by trial. */
function anovaIcc(groups: number[][]): number {
  const all = groups.flat();
  const M = all.length;
  const N = groups.length;
  const grand = all.reduce((s, y) => s + y, 0) / M;
  let ssb = 0;
  let ssw = 0;
  for (const g of groups) {
    const mean = g.reduce((s, y) => s + y, 0) / g.length;
    ssb += g.length * (mean - grand) ** 2;
    for (const y of g) ssw += (y - mean) ** 2;
  }
  const msb = ssb / (N - 1);
  const msw = ssw / (M - N);
  const n0 = (M - groups.reduce((s, g) => s + g.length ** 2, 0) / M) / (N - 1);
  return (msb - msw) / (msb + (n0 - 1) * msw);
}

describe('intraclassCorrelation', () => {
  it('equals a one-way ANOVA on the raw responses (unequal group sizes)', () => {
    const counts: [number, number][] = [[40, 10], [35, 20], [12, 2], [40, 25], [28, 7], [40, 13]];
    const groups = counts.map(([n, k]) => Array.from({ length: n }, (_, t) => (t < k ? 1 : 0)));
    const icc = intraclassCorrelation(Int32Array.from(counts, (c) => c[0]), Int32Array.from(counts, (c) => c[1]));
    expect(icc).toBeCloseTo(anovaIcc(groups), 12);
  });

  it('recovers the correlation of simulated beta-binomial participants', () => {
    // 2000 participants x 40 trials, p_i ~ Beta(mean 0.3, ICC 0.1): the estimate's SE is about 0.005.
    const random = seededRandom(31);
    const trials = new Int32Array(2000).fill(40);
    const fooled = trials.map((m) => randomBinomial(m, randomBeta(0.3 * 9, 0.7 * 9, random), random));
    expect(Math.abs(intraclassCorrelation(trials, fooled)! - 0.1)).toBeLessThan(0.02);
  });

  it('is -1/(m-1) when every participant has the same rate, and undefined when it cannot be estimated', () => {
    // No spread between participants: MSB = 0, so ρ = -MSW / ((n0 - 1) MSW) = -1/(m - 1).
    expect(intraclassCorrelation(Int32Array.of(10, 10, 10), Int32Array.of(4, 4, 4))).toBeCloseTo(-1 / 9, 14);
    expect(intraclassCorrelation(Int32Array.of(10), Int32Array.of(4))).toBeNull();
    expect(intraclassCorrelation(Int32Array.of(1, 1, 1), Int32Array.of(0, 1, 1))).toBeNull();
    expect(intraclassCorrelation(Int32Array.of(5, 5), Int32Array.of(0, 0))).toBeNull();
  });
});

describe('designEffect', () => {
  it('is 1 + (m - 1) ρ for equal clusters and ignores negative correlations', () => {
    expect(designEffect(Int32Array.of(40, 40, 40), 0.065)).toBeCloseTo(3.535, 12);
    expect(designEffect(Int32Array.of(40, 40), -0.02)).toBe(1);
    // Unequal sizes: n0 = (M - Σn²/M)/(N - 1) = (30 - (100 + 400)/30)/1 = 13.333...
    expect(designEffect(Int32Array.of(10, 20), 0.1)).toBeCloseTo(1 + (30 - 500 / 30 - 1) * 0.1, 12);
  });
});
