import { describe, expect, it } from 'vitest';
import {
  accumulateGradientCounts, coherenceWeights, gradientBin, gradientMagnitudes, gradientPrior, luminanceWeight,
} from '../../../model/losses/coherence-weights';

/** An interleaved Lab image from per-pixel [L, a, b] triples. */
const lab = (pixels: number[][]) => Float32Array.from(pixels.flat());

describe('gradient-magnitude rebalancing (coherent-rebal)', () => {
  it('measures ||ΔY|| per pixel as L_C does', () => {
    // 2x2: a = [[0, 3], [4, 0]], b = 0: pixel (0,0) has Δx a = 3, Δy a = 4 -> 5.
    const img = lab([[50, 0, 0], [50, 3, 0], [50, 4, 0], [50, 0, 0]]);
    expect(Array.from(gradientMagnitudes(img, 1, 2, 2))).toEqual([5]);
  });

  it('bins magnitudes into [e_i, e_i+1) with an open last bin', () => {
    const edges = [0, 1, 2, 4, 8];
    expect([0, 0.99, 1, 3.9, 4, 7.99, 8, 1000].map((m) => gradientBin(m, edges))).toEqual([0, 0, 1, 2, 3, 3, 4, 4]);
  });

  it('gives weights with expectation 1 that favour rare magnitudes', () => {
    const edges = [0, 1, 2];
    const counts = new Float64Array(3);
    accumulateGradientCounts(counts, Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 1.5, 1.5, 5]), edges);
    expect(Array.from(counts)).toEqual([6, 2, 1]);
    const prior = gradientPrior(counts, edges, 0.5);
    // p = (6/9, 2/9, 1/9); w ∝ 1 / (½ p + ½ · ⅓): (1/(1/3 + 1/6), 1/(1/9 + 1/6), 1/(1/18 + 1/6)) = (2, 3.6, 4.5);
    // E_p[w] = (12 + 7.2 + 4.5) / 9 = 2.6333...; normalised: (0.7595, 1.3671, 1.7089).
    const expected = [2, 3.6, 4.5].map((w) => w / ((6 * 2 + 2 * 3.6 + 4.5) / 9));
    prior.weights.forEach((w, i) => expect(w).toBeCloseTo(expected[i], 4));
    expect(prior.weights.reduce((s, w, i) => s + w * prior.p[i], 0)).toBeCloseTo(1, 6);
  });

  it('combines gradient and luminance weights per pixel', () => {
    const img = lab([[50, 0, 0], [50, 3, 0], [50, 4, 0], [50, 0, 0]]);
    const prior = { edges: [0, 1], counts: [1, 1], p: [0.5, 0.5], lambda: 0.5, weights: [0.5, 1.5] };
    expect(Array.from(coherenceWeights(img, 1, 2, 2, prior, false)!)).toEqual([1.5]); // magnitude 5 is in the open bin
    expect(coherenceWeights(img, 1, 2, 2, prior, true)![0]).toBeCloseTo(1.5 * luminanceWeight(50), 6);
    expect(coherenceWeights(img, 1, 2, 2, null, false)).toBeNull();
  });
});

describe('luminanceWeight', () => {
  it('is the relative ab-gamut area at L: ~0 at black and white, 1 at its widest, lower in the extremes', () => {
    // At L = 0 and 100 only a = b = 0 is in the sRGB gamut (one grid point of thousands).
    expect(luminanceWeight(0)).toBeLessThan(0.01);
    expect(luminanceWeight(100)).toBeLessThan(0.01);
    const ws = Array.from({ length: 101 }, (_, L) => luminanceWeight(L));
    expect(Math.max(...ws)).toBeCloseTo(1, 6);
    expect(luminanceWeight(5)).toBeLessThan(luminanceWeight(50) / 2);
    expect(luminanceWeight(97)).toBeLessThan(luminanceWeight(50) / 2);
    // Linear between integer lightness values.
    expect(luminanceWeight(40.5)).toBeCloseTo((luminanceWeight(40) + luminanceWeight(41)) / 2, 6);
  });
});
