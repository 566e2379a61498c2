// Our Conv2DBackpropInput (strided phases of implicit GEMMs) on WebGPU against tfjs's cpu backend.
import * as tf from '@tensorflow/tfjs';
import { afterEach, expect, it } from 'vitest';
import { fastKernelUsage, resetFastKernelUsage, setGemmOptions } from '../../../model/webgpu/index';
import { SLOW, describeWebgpu, onCpu, randomArray, relError, tolerance } from './webgpu-harness';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
interface Case {
  input: [number, number, number, number]; // shape of dx
  f: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
}

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

const CASES: Case[] = [
  { input: [2, 9, 11, 3], f: [3, 3, 3, 5], strides: 1, pad: 'same' }, // scalar gathers
  { input: [1, 10, 10, 8], f: [3, 3, 8, 12], strides: 2, pad: 'same' }, // phases with 2 and 1 taps
  { input: [2, 9, 7, 4], f: [3, 3, 4, 8], strides: 2, pad: 'valid' }, // odd sizes at stride 2
  { input: [1, 8, 8, 6], f: [4, 4, 6, 8], strides: 2, pad: 'same' }, // a transposed conv's shape (Zhang's conv8_1)
  { input: [1, 7, 7, 4], f: [1, 1, 4, 4], strides: 2, pad: 'valid' }, // phases with no taps: zeros
  { input: [1, 9, 10, 4], f: [3, 2, 4, 4], strides: [2, 3], pad: 'same' },
  { input: [1, 6, 7, 4], f: [3, 3, 4, 6], strides: 1, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  { input: [1, 11, 11, 4], f: [3, 3, 4, 4], strides: 2, pad: [[0, 0], [2, 0], [1, 1], [0, 0]] },
];

function outShape(c: Case): number[] {
  const info = tf.backend_util.computeConv2DInfo(c.input, c.f, c.strides, 1, c.pad);
  return info.outShape;
}

async function compare(c: Case, seed: number): Promise<number> {
  const dyShape = outShape(c);
  const dyd = randomArray(size(dyShape), seed);
  const fd = randomArray(size(c.f), seed + 1);
  const run = () => tf.tidy(() => tf.engine().runKernel('Conv2DBackpropInput',
    { dy: tf.tensor(dyd, dyShape), filter: tf.tensor4d(fd, c.f) },
    { inputShape: c.input, strides: c.strides, pad: c.pad, dataFormat: 'NHWC' }) as tf.Tensor);
  const got = await run().data();
  const ref = await onCpu(() => run().data());
  return relError(got, ref);
}

describeWebgpu('fast Conv2DBackpropInput on WebGPU', () => {
  afterEach(() => setGemmOptions({}));

  it('matches the cpu backend: strides 1-3, odd sizes, padding variants, zero-tap phases', async () => {
    setGemmOptions({ tiling: 'small', bakeGeometry: false });
    resetFastKernelUsage();
    for (const [i, c] of CASES.entries()) {
      expect(await compare(c, 200 + i), `case ${i}`).toBeLessThan(tolerance(c.f[0] * c.f[1] * c.f[3]));
    }
    expect(fastKernelUsage().fast.Conv2DBackpropInput).toBe(CASES.length);
    expect(fastKernelUsage().fallback.Conv2DBackpropInput ?? 0).toBe(0);
  }, SLOW);

  it('matches with split K and through conv2dTranspose', async () => {
    setGemmOptions({ tiling: 'small', splitK: 2, bakeGeometry: false });
    expect(await compare({ input: [1, 6, 6, 4], f: [3, 3, 4, 64], strides: 2, pad: 'same' }, 9)).toBeLessThan(tolerance(576));
    setGemmOptions({ bakeGeometry: false });
    const x = randomArray(2 * 4 * 4 * 8, 10);
    const f = randomArray(4 * 4 * 6 * 8, 11);
    const run = () => tf.tidy(() =>
      tf.conv2dTranspose(tf.tensor4d(x, [2, 4, 4, 8]), tf.tensor4d(f, [4, 4, 6, 8]), [2, 8, 8, 6], 2, 'same'));
    resetFastKernelUsage();
    const got = await run().data();
    expect(fastKernelUsage().fast.Conv2DBackpropInput).toBe(1);
    expect(relError(got, await onCpu(() => run().data()))).toBeLessThan(tolerance(128));
  }, SLOW);

  it('gives the same with the geometry baked into the shader', async () => {
    // Shapes pass as uniforms above (one pipeline for all, cheap on a CPU driver); the GPU
    // default bakes them as constants. Two cases with vec4 and scalar gathers, strided.
    setGemmOptions({ tiling: 'small', bakeGeometry: true });
    for (const i of [0, 1]) {
      expect(await compare(CASES[i], 500 + i), `case ${i}`).toBeLessThan(tolerance(CASES[i].f[0] * CASES[i].f[1] * 16));
    }
  }, SLOW);
});
