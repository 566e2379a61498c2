// The samplers used by the bootstrap, the permutation tests and the planner, against their moments
// and probabilities.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../app/lib/random';
import { randomBinomial } from '../../../../app/lib/stats/random-binomial';
import { randomBeta } from '../../../../app/lib/stats/random-beta';
import { cdfTables, drawFromTable } from '../../../../app/lib/stats/cdf-tables';

function moments(draw: () => number, n: number) {
  let s = 0;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    s += x;
    ss += x * x;
  }
  const mean = s / n;
  return { mean, variance: ss / n - mean * mean };
}

describe('randomBinomial', () => {
  it('has mean np and variance np(1-p), on both sides of p = 1/2', () => {
    const random = seededRandom(41);
    for (const [n, p] of [[40, 0.323], [40, 0.9], [1000, 0.5], [7, 0.01]] as const) {
      const { mean, variance } = moments(() => randomBinomial(n, p, random), 100_000);
      const v = n * p * (1 - p);
      // SE of the mean √(v/1e5); of the variance about v·√(2/1e5): allow 4 SE.
      expect(Math.abs(mean - n * p)).toBeLessThan(4 * Math.sqrt(v / 1e5));
      expect(Math.abs(variance / v - 1)).toBeLessThan(4 * Math.sqrt(2 / 1e5) + 0.01);
    }
    expect(randomBinomial(10, 0, random)).toBe(0);
    expect(randomBinomial(10, 1, random)).toBe(10);
  });
});

describe('randomBeta', () => {
  it('has mean a/(a+b) and variance ab/((a+b)²(a+b+1)), shapes below and above 1', () => {
    const random = seededRandom(42);
    for (const [a, b] of [[2.9, 6.1], [0.3, 0.7], [50, 20]]) {
      const { mean, variance } = moments(() => randomBeta(a, b, random), 100_000);
      const m = a / (a + b);
      const v = (a * b) / ((a + b) ** 2 * (a + b + 1));
      expect(Math.abs(mean - m)).toBeLessThan(4 * Math.sqrt(v / 1e5));
      expect(Math.abs(variance / v - 1)).toBeLessThan(0.03);
    }
  });
});

describe('cdfTables', () => {
  it('draws each value with its probability, for shifted supports and zero-probability values', () => {
    const tables = cdfTables([Float64Array.of(0.1, 0.6, 0.3), Float64Array.of(0, 0, 1), Float64Array.of(0.25, 0, 0.75)], [0, 5, 2]);
    const random = seededRandom(43);
    const counts = [new Map<number, number>(), new Map<number, number>(), new Map<number, number>()];
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < 3; t++) {
        const x = drawFromTable(tables, t, random);
        counts[t].set(x, (counts[t].get(x) ?? 0) + 1);
      }
    }
    const freq = (t: number, x: number) => (counts[t].get(x) ?? 0) / n;
    // SE of a frequency near 0.5 is 0.0022: allow 0.01.
    expect(freq(0, 0)).toBeCloseTo(0.1, 1);
    expect(Math.abs(freq(0, 1) - 0.6)).toBeLessThan(0.01);
    expect(Math.abs(freq(0, 2) - 0.3)).toBeLessThan(0.01);
    expect([...counts[1].keys()]).toEqual([7]);
    expect(counts[2].has(3)).toBe(false);
    expect(Math.abs(freq(2, 2) - 0.25)).toBeLessThan(0.01);
  });
});
