import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AbBins } from '../../../model/color/bins';
import { computeAbBins } from '../../../model/color/bins';
import {
  annealedMean,
  annealedMeanFromLogits,
  priorCorrectedLogits,
  temperedFromProbs,
  temperedSoftmax,
} from '../../../model/color/decode';
import { seededRandom } from '../../../app/lib/random';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Three bins on a line make hand computations easy: centres (0,0), (10,0), (20,10).
const line: AbBins = { Q: 3, grid: 10, centers: Float32Array.from([0, 0, 10, 0, 20, 10]) };

/** f_T straight from Eq. (2) in float64: exp(log z / T) / Σ exp(log z_q / T). */
function fT(z: number[], T: number): number[] {
  const e = z.map((x) => Math.exp(Math.log(x) / T));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

function softmax(x: number[]): number[] {
  const m = Math.max(...x);
  const e = x.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

describe('temperedSoftmax and temperedFromProbs', () => {
  it('equal Eq. (2) applied to softmax(logits), computed directly', () => {
    const logits = [1.5, -0.3, 0.2, 2.0];
    const t = tf.tensor2d([logits]);
    for (const T of [0.38, 1, 2.5]) {
      const ref = fT(softmax(logits), T);
      const got = temperedSoftmax(t, T).dataSync();
      const got2 = temperedFromProbs(tf.tensor2d([softmax(logits)]), T).dataSync();
      ref.forEach((r, i) => {
        expect(got[i]).toBeCloseTo(r, 6);
        expect(got2[i]).toBeCloseTo(r, 6);
      });
    }
    t.dispose();
  });

  it('equals f_T(softmax(x)) in float64 to 1e-6, closer than the log-space form softmax(logSoftmax(x) / T); same gradient', () => {
    tf.tidy(() => {
      const z = tf.randomNormal([6, 5, 313], 0, 1, 'float32', 3);
      const r = tf.randomNormal([6, 5, 313], 0, 1, 'float32', 4);
      for (const T of [0.01, 0.1, 0.38]) {
        // Logits of spread ~2T: f_T is neither uniform nor one-hot, so the gradient is large.
        const x = tf.mul(z, 2 * T);
        const xs = x.dataSync();
        const exact = new Float64Array(xs.length);
        for (let row = 0; row < xs.length; row += 313) {
          const p = fT(softmax(Array.from(xs.subarray(row, row + 313))), T);
          exact.set(p, row);
        }
        const errorOf = (t: tf.Tensor) => Array.from(t.dataSync()).reduce((m, v, i) => Math.max(m, Math.abs(v - exact[i])), 0);
        const old = (v: tf.Tensor) => tf.softmax(tf.div(tf.logSoftmax(v), T));
        const ours = errorOf(temperedSoftmax(x, T));
        expect(ours).toBeLessThan(1e-6);
        expect(ours).toBeLessThanOrEqual(errorOf(old(x)) + 1e-7);
        const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
        const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(temperedSoftmax(v, T), r)))(x);
        const gOld = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(old(v), r)))(x);
        const scale = tf.max(tf.abs(gOld)).dataSync()[0];
        expect(scale).toBeGreaterThan(0.1 / T);
        expect(maxDiff(g, gOld)).toBeLessThan(1e-3 * scale);
      }
    });
  });

  it('T = 1 leaves a distribution unchanged', () => {
    const z = [0.1, 0.6, 0.3];
    const got = temperedFromProbs(tf.tensor1d(z), 1).dataSync();
    z.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 6));
  });

  it('is stable for T = 0.01 with tiny and zero probabilities, and gives the mode', () => {
    // Direct exp(log z / T) underflows here: (1e-8)^100 = 1e-800. In log space the answer is
    // the ratio (2e-8 / 1e-8)^100 = 2^100 ≈ 1.3e30, i.e. one-hot on the second entry.
    const z = tf.tensor2d([
      [1e-8, 2e-8, 0, 1e-30],
      [0.25, 0.2, 0.3, 0.25],
    ]);
    const got = temperedFromProbs(z, 0.01).arraySync() as number[][];
    for (const row of got) expect(row.every(Number.isFinite)).toBe(true);
    expect(got[0][1]).toBeCloseTo(1, 6);
    // (0.3 / 0.25)^100 = 8.3e7: still one-hot to 1e-7.
    expect(got[1][2]).toBeCloseTo(1, 6);
    const logits = tf.tensor1d([-1000, 0, 5, 4.9]);
    const s = temperedSoftmax(logits, 0.01).dataSync();
    expect(Array.from(s).every(Number.isFinite)).toBe(true);
    // exp((5 - 4.9) / 0.01) = e^10: weight 1/(1 + e^-10) on the mode.
    expect(s[2]).toBeCloseTo(1 / (1 + Math.exp(-10)), 5);
    tf.dispose([z, logits]);
  });

  it('rejects T <= 0', () => {
    const z = tf.tensor1d([0.5, 0.5]);
    expect(() => temperedFromProbs(z, 0)).toThrow(/positive/);
    expect(() => temperedSoftmax(z, -1)).toThrow(/positive/);
    z.dispose();
  });
});

describe('annealedMean', () => {
  it('T = 1 gives the mean and T -> 0 the mode, by hand', () => {
    // z = (0.2, 0.5, 0.3): mean a = 0.5*10 + 0.3*20 = 11, b = 0.3*10 = 3; mode = (10, 0).
    const z = tf.tensor2d([[0.2, 0.5, 0.3]]);
    const mean = annealedMean(z, line, 1).dataSync();
    expect(mean[0]).toBeCloseTo(11, 5);
    expect(mean[1]).toBeCloseTo(3, 5);
    const mode = annealedMean(z, line, 0.01).dataSync();
    expect(mode[0]).toBeCloseTo(10, 4);
    expect(mode[1]).toBeCloseTo(0, 4);
    // T = 0.38: f_T by Eq. (2) then the expectation, by hand in float64.
    const w = fT([0.2, 0.5, 0.3], 0.38);
    const mid = annealedMean(z, line, 0.38).dataSync();
    expect(mid[0]).toBeCloseTo(w[1] * 10 + w[2] * 20, 4);
    expect(mid[1]).toBeCloseTo(w[2] * 10, 4);
    z.dispose();
  });

  it('maps [N, H, W, Q] to [N, H, W, 2] and agrees with the logits version; no leaks', () => {
    const bins = computeAbBins();
    const random = seededRandom(9);
    const logits = tf.tensor4d(Float32Array.from({ length: 2 * 3 * 4 * bins.Q }, () => 4 * random()), [2, 3, 4, bins.Q]);
    const before = tf.memory().numTensors;
    const probs = tf.softmax(logits);
    const a = annealedMean(probs, bins);
    const b = annealedMeanFromLogits(logits, bins);
    expect(a.shape).toEqual([2, 3, 4, 2]);
    const av = a.dataSync();
    const bv = b.dataSync();
    for (let i = 0; i < av.length; i++) expect(av[i]).toBeCloseTo(bv[i], 3);
    tf.dispose([probs, a, b]);
    expect(tf.memory().numTensors).toBe(before);
    logits.dispose();
  });

  it('rejects a distribution with the wrong number of bins', () => {
    const z = tf.tensor2d([[0.5, 0.5]]);
    expect(() => annealedMean(z, line)).toThrow(/Q = 3/);
    z.dispose();
  });

  it('has gradients equal to a finite difference of the float64 formula', () => {
    const logits = [0.3, -0.2, 0.9];
    const T = 0.38;
    // Objective: a + 2b of the annealed mean from logits.
    const objective = (x: number[]) => {
      const p = softmax(x.map((v) => v / T));
      return p[1] * 10 + p[2] * 20 + 2 * (p[2] * 10);
    };
    const weights = tf.tensor1d([1, 2]);
    const g = tf.grad((x: tf.Tensor) => annealedMeanFromLogits(x, line, T).mul(weights).sum());
    const x = tf.tensor1d(logits);
    const grad = g(x).dataSync();
    const gp = tf.grad((z: tf.Tensor) => annealedMean(z, line, T).mul(weights).sum());
    const zt = tf.tensor1d(softmax(logits));
    const gradProbs = gp(zt).dataSync();
    const h = 1e-6;
    logits.forEach((_, i) => {
      const up = logits.slice();
      const down = logits.slice();
      up[i] += h;
      down[i] -= h;
      const ref = (objective(up) - objective(down)) / (2 * h);
      expect(grad[i]).toBeCloseTo(ref, 3);
    });
    expect(Array.from(gradProbs).every(Number.isFinite)).toBe(true);
    expect(Array.from(gradProbs).some((v) => Math.abs(v) > 1e-3)).toBe(true);
    tf.dispose([weights, x, zt]);
  });
});

describe('priorCorrectedLogits', () => {
  it('gives softmax(x) · w^-β, renormalised, computed by hand', () => {
    const x = [0.4, -1.2, 2.0];
    const w = [0.1, 6.4, 1.5];
    for (const beta of [0, 0.5, 0.75, 1]) {
      const p = softmax(x).map((q, k) => q * w[k] ** -beta);
      const s = p.reduce((a, b) => a + b, 0);
      const got = tf.softmax(priorCorrectedLogits(tf.tensor2d([x]), w, beta)).dataSync();
      p.forEach((v, k) => expect(got[k]).toBeCloseTo(v / s, 6));
    }
  });

  it('at β = 1 turns the rebalanced posterior w·p back into p: the annealed mean of p', () => {
    // q ∝ w · p is what a rebalanced cross-entropy converges to; undoing it must give p's colours.
    const p = [0.7, 0.1, 0.2];
    const w = [0.2, 3, 1.1];
    const q = p.map((v, k) => v * w[k]);
    const logits = tf.tensor2d([q.map(Math.log)]);
    const got = annealedMeanFromLogits(priorCorrectedLogits(logits, w, 1), line, 0.38).dataSync();
    const f = fT(p, 0.38);
    expect(got[0]).toBeCloseTo(f[1] * 10 + f[2] * 20, 4);
    expect(got[1]).toBeCloseTo(f[2] * 10, 4);
  });

  it('refuses β outside [0, 1], a weight count that is not Q, and weights that are not positive', () => {
    const t = tf.tensor2d([[0, 0, 0]]);
    expect(() => priorCorrectedLogits(t, [1, 1, 1], 1.5)).toThrow(/\[0, 1\]/);
    expect(() => priorCorrectedLogits(t, [1, 1], 0.5)).toThrow(/2 rebalancing weights for 3 bins/);
    expect(() => priorCorrectedLogits(t, [1, 0, 1], 0.5)).toThrow(/positive/);
  });
});
