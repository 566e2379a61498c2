import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../model/backend/select';
import { batchNormTraining } from '../../../model/nets/batch-norm';

afterAll(async () => {
  await tf.setBackend('cpu');
});

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
const maxAbs = (a: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(a)).dataSync()[0]);

/** tfjs's own differentiation of tf.moments and tf.batchNorm: the reference. */
function autodiffBatchNorm(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D): tf.Tensor4D {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  return tf.batchNorm(x, mean, variance, beta, gamma, 1e-5) as tf.Tensor4D;
}

describe.each(['cpu', 'wasm'])('batchNormTraining on %s', (backend) => {
  it('equals tf.moments + tf.batchNorm in value, gradients and batch moments', async () => {
    await selectBackend(backend);
    tf.tidy(() => {
      const x = tf.add(tf.mul(tf.randomNormal([3, 5, 4, 6], 0, 1, 'float32', 1), 2), 0.7) as tf.Tensor4D;
      const gamma = tf.randomNormal([6], 1, 0.3, 'float32', 2) as tf.Tensor1D;
      const beta = tf.randomNormal([6], 0, 0.3, 'float32', 3) as tf.Tensor1D;
      // A weighting that is not constant per channel: a sum alone has zero gradient in x.
      const r = tf.randomNormal([3, 5, 4, 6], 0, 1, 'float32', 4);
      let moments: tf.Tensor1D[] = [];
      const ours = batchNormTraining(x, gamma, beta, 1e-5, (m, v) => (moments = [m, v]));
      const ref = autodiffBatchNorm(x, gamma, beta);
      expect(maxAbsDiff(ours, ref)).toBeLessThan(1e-5);
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      expect(maxAbsDiff(moments[0], mean)).toBeLessThan(1e-6);
      expect(maxAbsDiff(moments[1], variance)).toBeLessThan(1e-5);
      tf.dispose(moments);
      const loss = (f: typeof autodiffBatchNorm) => (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(tf.square(f(a as tf.Tensor4D, b as tf.Tensor1D, c as tf.Tensor1D)), r));
      const got = tf.grads(loss((a, b, c) => batchNormTraining(a, b, c, 1e-5)))([x, gamma, beta]);
      const want = tf.grads(loss(autodiffBatchNorm))([x, gamma, beta]);
      want.forEach((w, i) => {
        expect(maxAbs(w), `gradient ${i}`).toBeGreaterThan(0.1);
        expect(maxAbsDiff(got[i], w), `gradient ${i}`).toBeLessThan(1e-4 * maxAbs(w));
      });
    });
  });

  it('leaves no tensors behind', async () => {
    await selectBackend(backend);
    const x = tf.randomNormal([2, 4, 4, 3]) as tf.Tensor4D;
    const g = tf.ones([3]) as tf.Tensor1D;
    const b = tf.zeros([3]) as tf.Tensor1D;
    const before = tf.memory().numTensors;
    tf.grads((a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => tf.sum(tf.square(batchNormTraining(a as tf.Tensor4D, c as tf.Tensor1D, d as tf.Tensor1D, 1e-5))))([x, g, b]).forEach((t) => t.dispose());
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, g, b]);
  });
});
