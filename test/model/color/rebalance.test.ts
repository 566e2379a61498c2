import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AbBins } from '../../../model/color/bins';
import { computeAbBins } from '../../../model/color/bins';
import {
  accumulateBinCounts,
  accumulateBinCountsArray,
  accumulateBinCountsAsync,
  empiricalDistribution,
  nearestBinLookup,
  pixelWeights,
  rebalanceWeights,
  smoothDistribution,
} from '../../../model/color/rebalance';
import { nearestBin, softEncode } from '../../../model/color/soft-encode';
import { seededRandom } from '../../../app/lib/random';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const bins = computeAbBins();

describe('rebalanceWeights', () => {
  it('matches a hand-computed 3-bin example', () => {
    // p = (0.5, 0.3, 0.2), λ = 1/2, Q = 3: mixture (1-λ)p + λ/Q = (0.416667, 0.316667, 0.266667),
    // inverses (2.4, 3.157895, 3.75), Σ p·inverse = 2.897368; divided: (0.828338, 1.089918, 1.294278).
    const w = rebalanceWeights([0.5, 0.3, 0.2]);
    expect(Array.from(w).map((x) => +x.toFixed(5))).toEqual([0.82834, 1.08992, 1.29428]);
  });

  it('has expectation 1 under p for any λ; λ = 1 is uniform, λ = 0 is 1/(Q p)', () => {
    const random = seededRandom(3);
    const raw = Array.from({ length: 313 }, () => random() ** 4);
    const p = empiricalDistribution(raw);
    for (const lambda of [0, 0.25, 0.5, 1]) {
      const w = rebalanceWeights(p, { lambda });
      const expectation = p.reduce((s, pq, q) => s + pq * w[q], 0);
      expect(expectation).toBeCloseTo(1, 5);
    }
    for (const x of rebalanceWeights(p, { lambda: 1 })) expect(x).toBeCloseTo(1, 6);
    const w0 = rebalanceWeights(p, { lambda: 0 });
    p.forEach((pq, q) => expect(w0[q] / (1 / (313 * pq))).toBeCloseTo(1, 4));
  });

  it('rejects λ outside [0, 1]', () => {
    expect(() => rebalanceWeights([0.5, 0.5], { lambda: 2 })).toThrow(/lambda/);
  });
});

describe('empiricalDistribution', () => {
  it('normalises counts and refuses empty or negative ones', () => {
    expect(Array.from(empiricalDistribution([2, 0, 6]))).toEqual([0.25, 0, 0.75]);
    expect(() => empiricalDistribution([0, 0])).toThrow(/empty/);
    expect(() => empiricalDistribution([1, -1])).toThrow(/non-negative/);
  });
});

describe('smoothDistribution', () => {
  it('matches a hand computation on three bins', () => {
    // Centres (0,0), (10,0), (50,50); p = (1, 0, 0), σ = 5: unnormalised (1, e^-2, e^-100),
    // normalised 1/(1 + e^-2) = 0.880797 and e^-2/(1 + e^-2) = 0.119203; the far bin ~ 0.
    const tiny: AbBins = { Q: 3, grid: 10, centers: Float32Array.from([0, 0, 10, 0, 50, 50]) };
    const s = smoothDistribution([1, 0, 0], tiny, 5);
    expect(s[0]).toBeCloseTo(0.880797, 6);
    expect(s[1]).toBeCloseTo(0.119203, 6);
    expect(s[2]).toBeLessThan(1e-40);
  });

  it('keeps a distribution a distribution and flattens it', () => {
    const random = seededRandom(4);
    const p = empiricalDistribution(Array.from({ length: bins.Q }, () => random() ** 8));
    const s = smoothDistribution(p, bins);
    expect(s.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(Math.max(...s)).toBeLessThan(Math.max(...p));
  });
});

describe('accumulateBinCounts', () => {
  it('counts nearest bins per pixel and skips grayscale images', () => {
    // Image 0: colourful, pixels at bin centres (20, 30) x3 and (-40, 10) x1.
    // Image 1: grayscale by Zhang's test (every |a|, |b| <= 5): skipped.
    // Image 2: one pixel with |a| = 6 makes it colourful: counts (0,0) x3 and (10,0) x1 (6 rounds to 10).
    const ab = tf.tensor4d(
      [
        [20, 30, 20, 30, 20, 30, -40, 10],
        [5, -5, 3, 2, 0, 0, -5, 5],
        [0, 0, 1, 1, -2, 3, 6, 0],
      ].flat(),
      [3, 2, 2, 2],
    );
    const counts = new Float64Array(bins.Q);
    const before = tf.memory().numTensors;
    const skipped = accumulateBinCounts(counts, ab, bins);
    expect(tf.memory().numTensors).toBe(before);
    expect(skipped).toBe(1);
    const at = (a: number, b: number) => {
      for (let q = 0; q < bins.Q; q++) if (bins.centers[2 * q] === a && bins.centers[2 * q + 1] === b) return counts[q];
      return NaN;
    };
    expect(at(20, 30)).toBe(3);
    expect(at(-40, 10)).toBe(1);
    expect(at(0, 0)).toBe(3);
    expect(at(10, 0)).toBe(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(8);
    // Accumulates across calls.
    accumulateBinCounts(counts, ab, bins);
    expect(at(20, 30)).toBe(6);
    ab.dispose();
  });

  it('gives the same counts from plain arrays and asynchronously', async () => {
    const random = seededRandom(6);
    // Four 3 x 5 images; the third is grayscale (|a|, |b| <= 5), the others span the plane.
    const data = Float32Array.from({ length: 4 * 15 * 2 }, (_, i) => (Math.floor(i / 30) === 2 ? 10 * random() - 5 : (random() - 0.5) * 260));
    const ab = tf.tensor4d(data, [4, 3, 5, 2]);
    const a = new Float64Array(bins.Q);
    const b = new Float64Array(bins.Q);
    const c = new Float64Array(bins.Q);
    expect(accumulateBinCounts(a, ab, bins)).toBe(1);
    expect(accumulateBinCountsArray(b, data, 4, bins)).toBe(1);
    expect(await accumulateBinCountsAsync(c, ab, bins)).toBe(1);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).toEqual(Array.from(a));
    expect(a.reduce((s, x) => s + x, 0)).toBe(45);
    expect(() => accumulateBinCountsArray(b, data, 7, bins)).toThrow(/do not split into 7 images/);
    ab.dispose();
  });

  it('rejects wrong shapes', () => {
    const ab = tf.zeros([2, 2, 2]);
    expect(() => accumulateBinCounts(new Float64Array(bins.Q), ab, bins)).toThrow(/\[N, H, W, 2\]/);
    const ok = tf.zeros([1, 2, 2, 2]);
    expect(() => accumulateBinCounts(new Float64Array(3), ok, bins)).toThrow(/length Q/);
    tf.dispose([ab, ok]);
  });
});

describe('nearestBinLookup', () => {
  it('agrees with nearestBin (tensor argMin) inside and far outside the gamut', () => {
    const random = seededRandom(8);
    const data = Float32Array.from({ length: 2 * 400 }, () => (random() - 0.5) * 400);
    const ab = tf.tensor2d(data, [400, 2]);
    const ref = nearestBin(ab, bins).dataSync();
    const lookup = nearestBinLookup(bins);
    for (let p = 0; p < 400; p++) {
      const q = lookup(data[2 * p], data[2 * p + 1]);
      if (q !== ref[p]) {
        // only an exact tie may differ
        const d = (k: number) => Math.hypot(bins.centers[2 * k] - data[2 * p], bins.centers[2 * k + 1] - data[2 * p + 1]);
        expect(Math.abs(d(q) - d(ref[p]))).toBeLessThan(1e-3);
      }
    }
    ab.dispose();
  });
});

describe('pixelWeights', () => {
  it('gives each pixel the weight of its argmax bin, which is its nearest bin', () => {
    const random = seededRandom(5);
    const abData = Float32Array.from({ length: 2 * 3 * 3 * 2 }, () => (random() - 0.5) * 150);
    const ab = tf.tensor4d(abData, [2, 3, 3, 2]);
    const weights = Float32Array.from({ length: bins.Q }, (_, q) => q + 0.5);
    const before = tf.memory().numTensors;
    const target = softEncode(ab, bins);
    const w = pixelWeights(target, weights);
    const nearest = nearestBin(ab, bins);
    expect(w.shape).toEqual([2, 3, 3]);
    const wv = w.dataSync();
    const nv = nearest.dataSync();
    for (let p = 0; p < wv.length; p++) expect(wv[p]).toBe(nv[p] + 0.5);
    tf.dispose([target, w, nearest]);
    expect(tf.memory().numTensors).toBe(before);
    ab.dispose();
  });
});
