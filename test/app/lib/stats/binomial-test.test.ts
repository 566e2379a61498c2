// The exact binomial test against exact rational sums (BigInt) and scipy.
import { describe, expect, it } from 'vitest';
import { binomialTest } from '../../../../app/lib/stats/binomial-test';

/**
 * The two-sided p-value computed exactly: p0 = num/den, P(X = x) = C(n, x) num^x (den - num)^(n-x) / den^n,
 * summed over the outcomes no more likely than k (exact comparison of integers, no tolerance:
 * the cases below have no near-ties), then divided once.
 */
function exactPValue(k: number, n: number, num: bigint, den: bigint): number {
  const choose: bigint[] = [1n];
  for (let x = 1; x <= n; x++) choose.push((choose[x - 1] * BigInt(n - x + 1)) / BigInt(x));
  const weight = (x: number) => choose[x] * num ** BigInt(x) * (den - num) ** BigInt(n - x);
  const observed = weight(k);
  let sum = 0n;
  for (let x = 0; x <= n; x++) if (weight(x) <= observed) sum += weight(x);
  const total = den ** BigInt(n);
  // Scale to keep 60 significant bits before converting to a double.
  const scale = 2n ** 200n;
  return Number((sum * scale) / total) / Number(scale);
}

describe('binomialTest', () => {
  it('equals the exact sum of outcome probabilities no more likely than the observed one', () => {
    const cases: [number, number, bigint, bigint][] = [
      [7, 10, 1n, 2n],
      [3, 40, 1n, 2n],
      [5, 40, 323n, 1000n],
      [20, 40, 323n, 1000n],
      [0, 40, 323n, 1000n],
      [40, 40, 323n, 1000n],
      [400, 1600, 323n, 1000n],
      [600, 1600, 323n, 1000n],
    ];
    for (const [k, n, num, den] of cases) {
      const p = binomialTest(k, n, Number(num) / Number(den));
      const want = exactPValue(k, n, num, den);
      expect(Math.abs(p - want) / want, `k=${k} n=${n}`).toBeLessThan(1e-10);
    }
  });

  it('matches scipy.stats.binomtest(k, n, p).pvalue, including p-values of exactly 1', () => {
    const cases: [number, number, number, number][] = [
      [7, 10, 0.5, 0.34375],
      [5, 40, 0.323, 0.006229862741092629],
      [20, 40, 0.323, 0.026333283105409604],
      [400, 1600, 0.323, 1.8341018373777407e-10],
      [0, 40, 0.5, 1.8189894035458565e-12],
      [40, 40, 0.323, 2.3340002232175393e-20],
      [517, 1600, 0.323, 1],
      [13, 40, 0.323, 1],
    ];
    for (const [k, n, p0, want] of cases) expect(binomialTest(k, n, p0)).toBeCloseTo(want, 12);
    expect(binomialTest(517, 1600, 0.323)).toBe(1);
  });

  it('is symmetric at p0 = 1/2 (7 of 10 is as extreme as 3 of 10: 2 · 176/1024)', () => {
    expect(binomialTest(7, 10, 0.5)).toBeCloseTo(352 / 1024, 15);
    expect(binomialTest(3, 10, 0.5)).toBeCloseTo(352 / 1024, 15);
  });

  it('rejects impossible input', () => {
    expect(() => binomialTest(3, 0, 0.5)).toThrow(/n >= 1/);
    expect(() => binomialTest(-1, 10, 0.5)).toThrow(/0 <= k <= n/);
    expect(() => binomialTest(3, 10, 0)).toThrow(/0 < p0 < 1/);
  });
});
