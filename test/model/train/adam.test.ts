import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam } from '../../../model/train/adam';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Adam by the paper's Algorithm 1 in float64 numbers, with L2 decay added to g. */
function reference(w0: number, gs: number[], o: { lr: number; b1: number; b2: number; eps: number; wd: number }): number {
  let w = w0;
  let m = 0;
  let v = 0;
  gs.forEach((g0, i) => {
    const t = i + 1;
    const g = g0 + o.wd * w;
    m = o.b1 * m + (1 - o.b1) * g;
    v = o.b2 * v + (1 - o.b2) * g * g;
    const mHat = m / (1 - o.b1 ** t);
    const vHat = v / (1 - o.b2 ** t);
    w -= (o.lr * mHat) / (Math.sqrt(vHat) + o.eps);
  });
  return w;
}

describe('Adam', () => {
  it('takes a first step of lr·sign(g), then follows Algorithm 1 with Caffe-style weight decay', () => {
    const opts = { lr: 0.1, beta1: 0.9, beta2: 0.99, weightDecay: 0.01 };
    const adam = new Adam(opts);
    const params = new Map([['w', tf.variable(tf.tensor1d([1, -2]))], ['b', tf.variable(tf.tensor1d([0.5]))]]);
    const decayed = new Set(['w']);
    const steps = [
      [[0.3, -4], [2]],
      [[-0.1, 1], [-1]],
      [[0.2, 0.5], [0.5]],
    ];
    const first = () => params.get('b')!.dataSync()[0];
    steps.forEach(([gw, gb], k) => {
      adam.apply(params, new Map([['w', tf.tensor1d(gw)], ['b', tf.tensor1d(gb)]]), decayed);
      // Step 1 without decay: m̂ = g, v̂ = g², so the update is lr·g/|g| = 0.1 (ε aside).
      if (k === 0) expect(first()).toBeCloseTo(0.5 - 0.1, 6);
    });
    const o = { lr: 0.1, b1: 0.9, b2: 0.99, eps: 1e-8, wd: 0.01 };
    const w = params.get('w')!.dataSync();
    expect(w[0]).toBeCloseTo(reference(1, steps.map((s) => s[0][0]), o), 5);
    expect(w[1]).toBeCloseTo(reference(-2, steps.map((s) => s[0][1]), o), 5);
    // b is not decayed.
    expect(first()).toBeCloseTo(reference(0.5, steps.map((s) => s[1][0]), { ...o, wd: 0 }), 5);
    expect(adam.t).toBe(3);
  });

  it('resumes identically from its saved state', () => {
    const opts = { lr: 0.05, beta1: 0.9, beta2: 0.99, weightDecay: 0 };
    const run = (adam: Adam, params: Map<string, tf.Variable>, g: number[]) => adam.apply(params, new Map([['w', tf.tensor1d(g)]]), new Set());
    const a = new Adam(opts);
    const pa = new Map([['w', tf.variable(tf.tensor1d([1, 2]))]]);
    run(a, pa, [1, -1]);
    run(a, pa, [0.5, 0.25]);
    // Copy the state into a fresh optimizer and parameter, then take the same third step on both.
    const b = new Adam(opts);
    const state = Object.fromEntries(a.state().map(({ name, tensor }) => [name, tensor.clone()]));
    b.load(state, a.t);
    const pb = new Map([['w', tf.variable(pa.get('w')!.clone())]]);
    run(a, pa, [-2, 3]);
    run(b, pb, [-2, 3]);
    expect(Array.from(pb.get('w')!.dataSync())).toEqual(Array.from(pa.get('w')!.dataSync()));
    expect(() => b.load({ 'w/x': tf.zeros([2]) }, 1)).toThrow(/unexpected entry 'w\/x'/);
  });
});
