import { describe, expect, it } from 'vitest';
import { deriveSeed, randomInt, seededRandom, shuffled } from '../../../app/lib/random';

describe('seededRandom', () => {
  it('replays the same stream for the same seed and differs across seeds', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const xs = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(xs);
    expect(Array.from({ length: 5 }, c)).not.toEqual(xs);
  });

  it('is uniform on [0, 1): mean, variance and decile counts within sampling error', () => {
    const random = seededRandom(7);
    const n = 200_000;
    const bins = new Array(10).fill(0);
    let sum = 0;
    let sumSq = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const x = random();
      min = Math.min(min, x);
      max = Math.max(max, x);
      sum += x;
      sumSq += x * x;
      bins[Math.floor(x * 10)]++;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    const mean = sum / n;
    // Mean of U(0,1) is 1/2 with standard error sqrt(1/12 / n) ~ 0.00065; allow 5 SE.
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(sumSq / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
    // Chi-square with 9 degrees of freedom: the 0.999 quantile is 27.88.
    const expected = n / 10;
    const chi2 = bins.reduce((s, k) => s + (k - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(27.88);
  });
});

describe('deriveSeed', () => {
  it('is deterministic, non-negative, and separates paths', () => {
    expect(deriveSeed(1, 'session', 3)).toBe(deriveSeed(1, 'session', 3));
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => deriveSeed(1, 'session', i)));
    expect(seeds.size).toBe(1000);
    for (const s of seeds) expect(s).toBeGreaterThanOrEqual(0);
    expect(deriveSeed(1, 'a', 'b')).not.toBe(deriveSeed(1, 'ab'));
  });
});

describe('shuffled and randomInt', () => {
  it('permutes without loss and hits every position about equally', () => {
    const random = seededRandom(3);
    const counts = new Array(4).fill(0);
    for (let i = 0; i < 4000; i++) {
      const out = shuffled([0, 1, 2, 3], random);
      expect([...out].sort()).toEqual([0, 1, 2, 3]);
      counts[out.indexOf(0)]++;
    }
    // Each of 4 positions: binomial(4000, 1/4), SD ~ 27; allow 5 SD.
    for (const k of counts) expect(Math.abs(k - 1000)).toBeLessThan(137);
    expect(() => randomInt(random, 0)).toThrow(/positive integer/);
  });
});
