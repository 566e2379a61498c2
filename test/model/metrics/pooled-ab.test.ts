import { describe, expect, it } from 'vitest';
import { computeAbBins } from '../../../model/color/bins';
import { Comoments, PooledAb } from '../../../model/metrics/pooled-ab';

const bins = computeAbBins();

/** Interleaved Lab from [a, b] pairs (L does not matter to these metrics). */
function lab(ab: Array<[number, number]>, L = 50): Float32Array {
  return Float32Array.from(ab.flatMap(([a, b]) => [L, a, b]));
}

/** A deterministic pseudo-random sequence in [0, 1). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Pearson's r by the textbook formula on whole arrays. */
function pearson(x: number[], y: number[]): number {
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((xi, i) => {
    sxy += (xi - mx) * (y[i] - my);
    sxx += (xi - mx) ** 2;
    syy += (y[i] - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

describe('PooledAb: class-rebalanced AuC', () => {
  it('matches a hand computation: the mean over the classes present of each class AuC', () => {
    // Three pixels of class (0, 0) with errors 0, 30, 60: class AuC 1 - 90 / 3 / 150 = 0.8.
    // One pixel of class (10, 0) with error 200, counted as 150: class AuC 0.
    // Rebalanced: (0.8 + 0) / 2 = 0.4 (the plain AuC would be 1 - 240 / 4 / 150 = 0.6).
    const acc = new PooledAb(bins);
    acc.add(lab([[0, 0], [1, -1]]), lab([[0, 0], [1 + 30, -1]]));
    acc.add(lab([[-2, 3], [10, 1]]), lab([[-2 + 36, 3 + 48], [10 - 120, 1 - 160]]));
    const r = acc.result();
    expect(r.classes).toBe(2);
    expect(r.pixels).toBe(4);
    expect(r.aucRebal).toBeCloseTo(0.4, 6);
  });

  it('equals the pixel-weighted AuC with weights 1 / (C p(class)), classes by a brute-force nearest-centre search', () => {
    const rand = rng(7);
    const images = [0, 1, 2].map(() => {
      const n = 200;
      const t: Array<[number, number]> = [];
      const p: Array<[number, number]> = [];
      for (let i = 0; i < n; i++) {
        // true colours clustered so that classes have very different frequencies
        const a = rand() < 0.7 ? 5 + 4 * rand() : -60 + 120 * rand();
        const b = rand() < 0.7 ? 20 + 4 * rand() : -60 + 120 * rand();
        t.push([a, b]);
        p.push([a + 80 * (rand() - 0.5), b + 80 * (rand() - 0.5)]);
      }
      return { t, p };
    });
    const acc = new PooledAb(bins);
    for (const { t, p } of images) acc.add(lab(t), lab(p));

    const all = images.flatMap(({ t, p }) => t.map((ti, i) => ({ t: ti, p: p[i] })));
    const classOf = ([a, b]: [number, number]) => {
      let best = -1;
      let bestD = Infinity;
      for (let q = 0; q < bins.Q; q++) {
        const d = (a - bins.centers[2 * q]) ** 2 + (b - bins.centers[2 * q + 1]) ** 2;
        if (d < bestD) [best, bestD] = [q, d];
      }
      return best;
    };
    const classes = all.map((px) => classOf(px.t));
    const count = new Map<number, number>();
    for (const q of classes) count.set(q, (count.get(q) ?? 0) + 1);
    const C = count.size;
    let weighted = 0;
    let weights = 0;
    all.forEach((px, i) => {
      const w = 1 / (C * (count.get(classes[i])! / all.length));
      const e = Math.hypot(px.t[0] - px.p[0], px.t[1] - px.p[1]);
      weighted += w * (1 - Math.min(e, 150) / 150);
      weights += w;
    });
    const r = acc.result();
    expect(r.classes).toBe(C);
    expect(C).toBeGreaterThan(10);
    expect(r.aucRebal).toBeCloseTo(weighted / weights, 7); // the accumulator reads Float32 Lab
  });

  it('is 1 for exact colours and null before any pixel', () => {
    const acc = new PooledAb(bins);
    expect(acc.result().aucRebal).toBeNull();
    const t = lab([[3, 4], [-50, 20], [70, -10]]);
    acc.add(t, t);
    expect(acc.result().aucRebal).toBe(1);
  });
});

describe('PooledAb: correlations', () => {
  it('matches hand values for a and b', () => {
    // a: true 1, 2, 3 vs predicted 1, 3, 2 -> deviations (-1, 0, 1), (-1, 1, 0): r = 1 / 2.
    // b: predicted = 10 - 2 * true -> r = -1.
    const acc = new PooledAb(bins);
    acc.add(lab([[1, 0], [2, 1]]), lab([[1, 10], [3, 8]]));
    acc.add(lab([[3, 2]]), lab([[2, 6]]));
    const r = acc.result();
    expect(r.rA).toBeCloseTo(0.5, 10);
    expect(r.rB).toBeCloseTo(-1, 10);
    expect(r.r).toBeCloseTo(-0.25, 10);
  });

  it('pooled over images equals the textbook formula on all pixels at once, even with a large common offset', () => {
    const rand = rng(3);
    const xs: number[] = [];
    const ys: number[] = [];
    const acc = new Comoments();
    for (let image = 0; image < 5; image++) {
      const n = 50 + 30 * image;
      const x = Array.from({ length: n }, () => 1e6 + image * 10 + rand());
      const y = x.map((v) => 0.3 * v + rand());
      // interleave as Lab triples with the value at offset 1
      acc.addStrided(Float64Array.from(x.flatMap((v) => [0, v, 0])), Float64Array.from(y.flatMap((v) => [0, v, 0])), 1, 3);
      xs.push(...x);
      ys.push(...y);
    }
    expect(acc.n).toBe(xs.length);
    expect(acc.pearson()).toBeCloseTo(pearson(xs, ys), 8);
  });

  it('is null when the prediction is constant, and so is the mean', () => {
    const acc = new PooledAb(bins);
    acc.add(lab([[1, 5], [2, 9], [7, -3]]), lab([[4, 1], [4, 2], [4, 3]]));
    const r = acc.result();
    expect(r.rA).toBeNull();
    expect(r.rB).toBeCloseTo(pearson([5, 9, -3], [1, 2, 3]), 10);
    expect(r.r).toBeNull();
  });

  it('rejects arrays of different lengths', () => {
    expect(() => new PooledAb(bins).add(lab([[0, 0]]), lab([[0, 0], [1, 1]]))).toThrow(/equal/);
  });
});
