// Bootstraps against closed-form bootstrap variances and against literal per-trial resampling.
import { describe, expect, it } from 'vitest';
import { sampleStandardDeviation } from 'simple-statistics';
import { seededRandom, type RandomSource } from '../../../../app/lib/random';
import { clusterBootstrap } from '../../../../app/lib/stats/cluster-bootstrap';
import { bootstrapSummary } from '../../../../app/lib/stats/bootstrap-summary';
import { twoWayBootstrap } from '../../../../app/lib/stats/two-way-bootstrap';
import { pairedClusterBootstrap } from '../../../../app/lib/stats/paired-cluster-bootstrap';

const sd = (x: Float64Array) => sampleStandardDeviation(Array.from(x));

/** The literal two-stage resampling: pick participants, then pick each one's trials (0/1 arrays) one by one. */
function naiveTwoStage(participants: number[][], resamples: number, random: RandomSource): Float64Array {
  const out = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let num = 0;
    let den = 0;
    for (let j = 0; j < participants.length; j++) {
      const trials = participants[Math.floor(random() * participants.length)];
      for (let t = 0; t < trials.length; t++) num += trials[Math.floor(random() * trials.length)];
      den += trials.length;
    }
    out[b] = num / den;
  }
  return out;
}

/** 0/1 trial arrays: participant i has counts[i][0] trials of which counts[i][1] fooled. */
const expand = (counts: [number, number][]) => counts.map(([n, k]) => Array.from({ length: n }, (_, t) => (t < k ? 1 : 0)));
const arrays = (counts: [number, number][]) => ({
  trials: Int32Array.from(counts, (c) => c[0]),
  fooled: Int32Array.from(counts, (c) => c[1]),
});

describe('clusterBootstrap', () => {
  it('with one trial per participant, gives the binomial standard error √(p(1-p)/n)', () => {
    // Resampling one trial from one trial changes nothing: this is the plain bootstrap of a mean of
    // n Bernoulli values, whose bootstrap variance is exactly p(1-p)/n (p = 12/50).
    const counts = Array.from({ length: 50 }, (_, i): [number, number] => [1, i < 12 ? 1 : 0]);
    const { trials, fooled } = arrays(counts);
    const reps = clusterBootstrap(trials, fooled, 10_000, seededRandom(3));
    const analytic = Math.sqrt((0.24 * 0.76) / 50);
    // The SE of a standard deviation from B = 10,000 replicates is about 1/√(2B) = 0.7% of it: allow 3%.
    expect(Math.abs(sd(reps) / analytic - 1)).toBeLessThan(0.03);
  });

  it('matches the closed-form two-stage bootstrap variance of a balanced design', () => {
    // N participants with m trials each: a replicate is the mean of N independent draws, each a
    // uniformly chosen participant's p_i resampled to Binomial(m, p_i)/m, so
    // Var* = (1/N) [ (1/N) Σ (p_i - p̄)² + (1/N) Σ p_i (1 - p_i) / m ].
    const m = 40;
    // Rates close together, so that the within-participant term is about half the variance: a
    // bootstrap that skipped the second stage would be about 30% off.
    const fooledCounts = [10, 12, 14, 9, 13, 15, 11, 16, 12, 14, 8, 13, 17, 12, 10, 14, 11, 13, 15, 4];
    const counts = fooledCounts.map((k): [number, number] => [m, k]);
    const p = fooledCounts.map((k) => k / m);
    const n = p.length;
    const mean = p.reduce((s, x) => s + x, 0) / n;
    const between = p.reduce((s, x) => s + (x - mean) ** 2, 0) / n;
    const within = p.reduce((s, x) => s + (x * (1 - x)) / m, 0) / n;
    const analytic = Math.sqrt((between + within) / n);
    const { trials, fooled } = arrays(counts);
    const reps = clusterBootstrap(trials, fooled, 10_000, seededRandom(4));
    expect(Math.abs(sd(reps) / analytic - 1)).toBeLessThan(0.03);
    expect(Math.abs(reps.reduce((s, x) => s + x, 0) / reps.length - mean)).toBeLessThan(3 * analytic / 100);
  });

  it('agrees in distribution with literal per-trial resampling (unequal trial counts)', () => {
    const counts: [number, number][] = [[40, 3], [38, 20], [12, 6], [40, 11], [25, 25], [30, 0], [40, 17], [33, 9], [5, 2], [40, 14]];
    const { trials, fooled } = arrays(counts);
    const fast = bootstrapSummary(clusterBootstrap(trials, fooled, 6000, seededRandom(5)));
    const naive = bootstrapSummary(naiveTwoStage(expand(counts), 6000, seededRandom(6)));
    // Each SE is estimated to about 1/√(2·6000) = 0.9% of itself, a 2.5% percentile to about 0.05 SE:
    // allow 5% on the SE and a quarter of an SE on each limit.
    expect(Math.abs(fast.se / naive.se - 1)).toBeLessThan(0.05);
    expect(Math.abs(fast.lower - naive.lower)).toBeLessThan(0.25 * naive.se);
    expect(Math.abs(fast.upper - naive.upper)).toBeLessThan(0.25 * naive.se);
  });

  it('replays with the same seed', () => {
    const { trials, fooled } = arrays([[10, 3], [10, 7], [8, 1]]);
    expect(clusterBootstrap(trials, fooled, 50, seededRandom(9))).toEqual(clusterBootstrap(trials, fooled, 50, seededRandom(9)));
    expect(clusterBootstrap(trials, fooled, 50, seededRandom(9))).not.toEqual(clusterBootstrap(trials, fooled, 50, seededRandom(10)));
  });

  it('rejects empty or inconsistent counts', () => {
    expect(() => clusterBootstrap(new Int32Array(0), new Int32Array(0), 10, seededRandom(1))).toThrow(/at least one participant/);
    expect(() => clusterBootstrap(Int32Array.of(3), Int32Array.of(4), 10, seededRandom(1))).toThrow(/0 <= fooled <= trials/);
  });
});

describe('bootstrapSummary', () => {
  it('gives the sample SD and R type-7 percentiles', () => {
    // 0..100: SD = √(Σ (x - 50)² / 100) = √(2 · (50·51·101/6) / 100) = √858.5; type-7 quantiles at 0.025 and
    // 0.975 fall at positions 2.5 and 97.5.
    const reps = Float64Array.from({ length: 101 }, (_, i) => 100 - i);
    const s = bootstrapSummary(reps);
    expect(s.se).toBeCloseTo(Math.sqrt(858.5), 12);
    expect(s.lower).toBeCloseTo(2.5, 12);
    expect(s.upper).toBeCloseTo(97.5, 12);
  });
});

describe('twoWayBootstrap', () => {
  /** A fully crossed R x C design of 0/1 responses, participant-major. */
  function crossed(y: number[][]) {
    const r = y.length;
    const c = y[0].length;
    return {
      start: Int32Array.from({ length: r + 1 }, (_, p) => p * c),
      image: Int32Array.from({ length: r * c }, (_, t) => t % c),
      fooled: Uint8Array.from(y.flat()),
      images: c,
    };
  }

  it('matches the exact pigeonhole variance of a fully crossed design', () => {
    // Fully crossed, the denominator Σ W_p V_i = R·C is constant and the replicate is W'YV / (RC), with W and V
    // independent multinomial counts: E[WW'] = I + (1 - 1/R) J. So E[(W'YV)²] = tr(A Y B Y') with
    // A = I + (1 - 1/R) J_R, B = I + (1 - 1/C) J_C, and Var = that - (1'Y1)².
    const random = seededRandom(11);
    const y = Array.from({ length: 12 }, (_, p) => Array.from({ length: 9 }, (_, i) => (random() < 0.15 + 0.04 * p + 0.03 * i ? 1 : 0)));
    const R = y.length;
    const C = y[0].length;
    const a = (p: number, q: number) => (p === q ? 1 : 0) + (1 - 1 / R);
    const b = (i: number, j: number) => (i === j ? 1 : 0) + (1 - 1 / C);
    let second = 0;
    for (let p = 0; p < R; p++)
      for (let q = 0; q < R; q++)
        for (let i = 0; i < C; i++)
          for (let j = 0; j < C; j++) second += a(p, q) * y[p][i] * b(i, j) * y[q][j];
    const total = y.flat().reduce((s: number, v) => s + v, 0);
    const analytic = Math.sqrt(second - total * total) / (R * C);
    const reps = twoWayBootstrap(crossed(y), 10_000, seededRandom(12));
    expect(Math.abs(sd(reps) / analytic - 1)).toBeLessThan(0.03);
  });

  it('is the plain bootstrap of participants when there is one image', () => {
    const y = Array.from({ length: 40 }, (_, p) => [p < 10 ? 1 : 0]);
    const reps = twoWayBootstrap(crossed(y), 10_000, seededRandom(13));
    expect(Math.abs(sd(reps) / Math.sqrt((0.25 * 0.75) / 40) - 1)).toBeLessThan(0.03);
  });

  it('treats participants and images alike (transposing the design gives the same spread)', () => {
    const random = seededRandom(14);
    const y = Array.from({ length: 6 }, (_, p) => Array.from({ length: 15 }, () => (random() < 0.2 + 0.1 * p ? 1 : 0)));
    const t = y[0].map((_, i) => y.map((row) => row[i]));
    const a = sd(twoWayBootstrap(crossed(y), 8000, seededRandom(15)));
    const b = sd(twoWayBootstrap(crossed(t), 8000, seededRandom(16)));
    expect(Math.abs(a / b - 1)).toBeLessThan(0.05);
  });

  it('redraws resamples that miss every trial of a sparse design', () => {
    // Two participants who saw disjoint images: a resample of (p0, p0) with images (i1, i1) has no trials.
    const data = { start: Int32Array.of(0, 1, 2), image: Int32Array.of(0, 1), fooled: Uint8Array.of(1, 0), images: 2 };
    const reps = twoWayBootstrap(data, 2000, seededRandom(17));
    expect(reps.every((x) => x === 0 || x === 1 || x === 0.5)).toBe(true);
    expect(new Set(reps).size).toBe(3);
  });
});

describe('pairedClusterBootstrap', () => {
  it('agrees with literal joint resampling of participants and their A and B trials', () => {
    const a: [number, number][] = [[20, 5], [20, 9], [20, 2], [20, 12], [20, 7], [20, 4], [20, 10], [20, 6]];
    const b: [number, number][] = [[20, 3], [20, 8], [20, 1], [20, 9], [20, 4], [20, 4], [20, 7], [0, 0]];
    const pair = {
      trialsA: Int32Array.from(a, (c) => c[0]), fooledA: Int32Array.from(a, (c) => c[1]),
      trialsB: Int32Array.from(b, (c) => c[0]), fooledB: Int32Array.from(b, (c) => c[1]),
    };
    const fast = bootstrapSummary(pairedClusterBootstrap(pair, 6000, seededRandom(18)));
    const ta = expand(a);
    const tb = expand(b);
    const random = seededRandom(19);
    const naive = new Float64Array(6000).map(() => {
      let ka = 0, na = 0, kb = 0, nb = 0;
      for (let j = 0; j < a.length; j++) {
        const i = Math.floor(random() * a.length);
        for (let t = 0; t < ta[i].length; t++) ka += ta[i][Math.floor(random() * ta[i].length)];
        for (let t = 0; t < tb[i].length; t++) kb += tb[i][Math.floor(random() * tb[i].length)];
        na += ta[i].length;
        nb += tb[i].length;
      }
      return ka / na - kb / nb;
    });
    const slow = bootstrapSummary(naive);
    expect(Math.abs(fast.se / slow.se - 1)).toBeLessThan(0.05);
    expect(Math.abs(fast.lower - slow.lower)).toBeLessThan(0.25 * slow.se);
    expect(Math.abs(fast.upper - slow.upper)).toBeLessThan(0.25 * slow.se);
  });
});
