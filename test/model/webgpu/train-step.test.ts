// Gradients of a small conv net (strided conv, 'same' and 'valid' padding, a transposed
// conv, a 1x1 conv, a dense layer) through our kernels on WebGPU against tfjs's cpu backend.
import * as tf from '@tensorflow/tfjs';
import { afterEach, expect, it } from 'vitest';
import { fastKernelUsage, resetFastKernelUsage, setGemmOptions } from '../../../model/webgpu/index';
import { SLOW, describeWebgpu, onCpu, randomArray, relError } from './webgpu-harness';

const SHAPES: Record<string, number[]> = {
  w1: [3, 3, 1, 8], // conv 16x16, stride 1, same
  w2: [3, 3, 8, 12], // conv stride 2, same: 16 -> 8
  w3: [4, 4, 6, 12], // conv2dTranspose stride 2: 8 -> 16 (Zhang's conv8_1 kind)
  w4: [1, 1, 6, 5], // 1x1 conv
  w5: [3, 3, 5, 4], // conv valid: 16 -> 14
  d: [4, 7], // dense on the pooled features
};

/** Loss and gradients with respect to every weight, on the current backend. */
async function lossAndGrads(x: Float32Array, target: Float32Array): Promise<Record<string, Float32Array>> {
  const vars: Record<string, tf.Variable> = {};
  Object.entries(SHAPES).forEach(([k, s], i) => {
    const init = tf.tidy(() => tf.tensor(randomArray(s.reduce((a, b) => a * b, 1), 40 + i), s).mul(0.5));
    vars[k] = tf.variable(init, true, `${k}_${tf.getBackend()}_${i}`);
    init.dispose();
  });
  const f = () => tf.tidy(() => {
    const xi = tf.tensor4d(x, [2, 16, 16, 1]);
    let h = tf.relu(tf.conv2d(xi, vars.w1 as tf.Tensor4D, 1, 'same'));
    h = tf.relu(tf.conv2d(h, vars.w2 as tf.Tensor4D, 2, 'same')); // [2, 8, 8, 12]
    h = tf.relu(tf.conv2dTranspose(h, vars.w3 as tf.Tensor4D, [2, 16, 16, 6], 2, 'same'));
    h = tf.conv2d(h, vars.w4 as tf.Tensor4D, 1, 'valid');
    h = tf.conv2d(h, vars.w5 as tf.Tensor4D, 1, 'valid'); // [2, 14, 14, 4]
    const pooled = tf.mean(h, [1, 2]); // [2, 4]
    const y = tf.matMul(pooled, vars.d); // [2, 7]
    return tf.add(tf.mean(tf.square(tf.sub(h, 0.1))), tf.mean(tf.square(tf.sub(y, tf.tensor2d(target, [2, 7]))))) as tf.Scalar;
  });
  const { value, grads } = tf.variableGrads(f, Object.values(vars));
  const out: Record<string, Float32Array> = { loss: (await value.data()) as Float32Array };
  for (const [k, v] of Object.entries(vars)) out[k] = (await grads[v.name].data()) as Float32Array;
  tf.dispose([value, ...Object.values(grads), ...Object.values(vars)]);
  return out;
}

describeWebgpu('a conv net training step through our WebGPU kernels', () => {
  afterEach(() => setGemmOptions({}));

  it('gives the cpu backend\'s loss and gradients', async () => {
    setGemmOptions({ bakeGeometry: false });
    const x = randomArray(2 * 16 * 16, 1);
    const target = randomArray(14, 2);
    resetFastKernelUsage();
    const before = tf.memory().numTensors;
    const gpu = await lossAndGrads(x, target);
    expect(tf.memory().numTensors).toBe(before);
    const used = fastKernelUsage();
    // Every kind of call went through our kernels, none back to tfjs.
    for (const k of ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'BatchMatMul']) expect(used.fast[k], k).toBeGreaterThan(0);
    expect(Object.keys(used.fallback)).toEqual([]);
    const cpu = await onCpu(() => lossAndGrads(x, target));
    for (const k of Object.keys(cpu)) {
      // Relative to each gradient's scale; sums of a few hundred products in float32.
      expect(relError(gpu[k], cpu[k]), k).toBeLessThan(1e-4);
    }
  }, SLOW);
});
