import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../model/backend/select';
import { dilatedConv2d, dilatedConv2dSpaceToBatch } from '../../../model/nets/dilated-conv';

afterAll(async () => {
  await tf.setBackend('cpu');
});

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
const maxAbs = (a: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(a)).dataSync()[0]);

// Sizes that divide by the rate and sizes that do not (the space-to-batch form's extra padding).
const cases: Array<[number, number, number, number]> = [
  [8, 8, 2, 3],
  [7, 9, 2, 3],
  [5, 6, 3, 3],
  [9, 7, 2, 5],
];

describe.each(['cpu', 'wasm'])('dilatedConv2d on %s', (backend) => {
  it.each(cases)('equals tf.conv2d with dilation and the space-to-batch form (H=%i W=%i rate=%i k=%i)', async (h, w, rate, k) => {
    await selectBackend(backend);
    tf.tidy(() => {
      const x = tf.randomNormal([2, h, w, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
      const f = tf.randomNormal([k, k, 3, 4], 0, 1, 'float32', 2) as tf.Tensor4D;
      const reference = tf.conv2d(x, f, 1, 'same', 'NHWC', rate);
      const ours = dilatedConv2d(x, f, rate);
      expect(ours.shape).toEqual([2, h, w, 4]);
      expect(maxAbsDiff(ours, reference)).toBeLessThan(1e-5);
      expect(maxAbsDiff(dilatedConv2dSpaceToBatch(x, f, rate), reference)).toBeLessThan(1e-5);
    });
  });

  it.each(cases)('has the gradients of the space-to-batch form (H=%i W=%i rate=%i k=%i)', async (h, w, rate, k) => {
    await selectBackend(backend);
    tf.tidy(() => {
      const x = tf.randomNormal([3, h, w, 5], 0, 1, 'float32', 6) as tf.Tensor4D;
      const f = tf.randomNormal([k, k, 5, 4], 0, 1, 'float32', 7) as tf.Tensor4D;
      const r = tf.randomNormal([3, h, w, 4], 0, 1, 'float32', 8);
      const grads = (conv: typeof dilatedConv2d) => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D, rate), r)))([x, f]);
      const [gx, gf] = grads(dilatedConv2d);
      const [rx, rf] = grads(dilatedConv2dSpaceToBatch);
      expect(maxAbs(rx)).toBeGreaterThan(0.5);
      expect(maxAbs(rf)).toBeGreaterThan(0.5);
      expect(maxAbsDiff(gx, rx)).toBeLessThan(1e-5 * maxAbs(rx) * 10);
      expect(maxAbsDiff(gf, rf)).toBeLessThan(1e-5 * maxAbs(rf) * 10);
    });
  });

  it('has gradients that match central finite differences', async () => {
    await selectBackend(backend);
    // d(sum(y * r))/dθ by (f(θ + h) - f(θ - h)) / 2h: the function is linear in x and in
    // the filter, so the difference is exact up to float32 rounding.
    const x = tf.randomNormal([1, 6, 7, 2], 0, 1, 'float32', 3) as tf.Tensor4D;
    const f = tf.randomNormal([3, 3, 2, 2], 0, 1, 'float32', 4) as tf.Tensor4D;
    const r = tf.randomNormal([1, 6, 7, 2], 0, 1, 'float32', 5);
    const loss = (xx: tf.Tensor4D, ff: tf.Tensor4D) => tf.sum(tf.mul(dilatedConv2d(xx, ff, 2), r)) as tf.Scalar;
    const [gx, gf] = tf.grads((a, b) => loss(a as tf.Tensor4D, b as tf.Tensor4D))([x, f]);
    const h = 1e-2;
    const numeric = (t: tf.Tensor4D, i: number, which: 'x' | 'f') => {
      const flat = Array.from(t.dataSync());
      const plus = flat.slice();
      const minus = flat.slice();
      plus[i] += h;
      minus[i] -= h;
      const at = (vals: number[]) => {
        const tt = tf.tensor4d(vals, t.shape);
        const out = which === 'x' ? loss(tt, f) : loss(x, tt);
        const s = out.dataSync()[0];
        tt.dispose();
        out.dispose();
        return s;
      };
      return (at(plus) - at(minus)) / (2 * h);
    };
    const gxv = gx.dataSync();
    const gfv = gf.dataSync();
    for (const i of [0, 5, 17, 40, 83]) expect(gxv[i]).toBeCloseTo(numeric(x, i, 'x'), 2);
    for (const i of [0, 7, 20, 35]) expect(gfv[i]).toBeCloseTo(numeric(f, i, 'f'), 2);
    // Nonzero: a vanishing gradient would pass the comparison trivially.
    expect(Math.max(...Array.from(gfv, Math.abs))).toBeGreaterThan(0.1);
    tf.dispose([x, f, r, gx, gf]);
  });

  it('leaves no tensors behind, forward and backward', async () => {
    await selectBackend(backend);
    const x = tf.ones([2, 8, 8, 1]) as tf.Tensor4D;
    const f = tf.ones([3, 3, 1, 1]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    dilatedConv2d(x, f, 2).dispose();
    tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(dilatedConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2)))([x, f]).forEach((g) => g.dispose());
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, f]);
  });
});
