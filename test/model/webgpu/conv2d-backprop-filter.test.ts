// Our Conv2DBackpropFilter (implicit GEMM over batch x pixels, split K) on WebGPU against tfjs's cpu backend.
import * as tf from '@tensorflow/tfjs';
import { afterEach, expect, it } from 'vitest';
import { fastKernelUsage, resetFastKernelUsage, setGemmOptions } from '../../../model/webgpu/index';
import { SLOW, describeWebgpu, onCpu, randomArray, relError, tolerance } from './webgpu-harness';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
interface Case {
  x: [number, number, number, number];
  f: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
}

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

const CASES: Case[] = [
  { x: [2, 9, 11, 3], f: [3, 3, 3, 5], strides: 1, pad: 'same' }, // scalar gathers
  { x: [2, 10, 10, 8], f: [3, 3, 8, 12], strides: 2, pad: 'same' },
  { x: [4, 16, 16, 8], f: [3, 3, 8, 8], strides: 1, pad: 'same' }, // K = 1024: split automatically
  { x: [1, 9, 7, 4], f: [2, 3, 4, 4], strides: [2, 1], pad: 'valid' },
  { x: [1, 6, 7, 4], f: [3, 3, 4, 6], strides: 1, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  { x: [1, 8, 8, 6], f: [4, 4, 6, 8], strides: 2, pad: 'same' },
];

async function compare(c: Case, seed: number): Promise<number> {
  const dyShape = tf.backend_util.computeConv2DInfo(c.x, c.f, c.strides, 1, c.pad).outShape;
  const xd = randomArray(size(c.x), seed);
  const dyd = randomArray(size(dyShape), seed + 1);
  const run = () => tf.tidy(() => tf.engine().runKernel('Conv2DBackpropFilter',
    { x: tf.tensor4d(xd, c.x), dy: tf.tensor(dyd, dyShape) },
    { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.f }) as tf.Tensor);
  const got = await run().data();
  const ref = await onCpu(() => run().data());
  return relError(got, ref);
}

describeWebgpu('fast Conv2DBackpropFilter on WebGPU', () => {
  afterEach(() => setGemmOptions({}));

  it('matches the cpu backend: odd sizes, strides, padding variants', async () => {
    setGemmOptions({ tiling: 'small', bakeGeometry: false });
    resetFastKernelUsage();
    for (const [i, c] of CASES.entries()) {
      const k = size(tf.backend_util.computeConv2DInfo(c.x, c.f, c.strides, 1, c.pad).outShape.slice(0, 3));
      expect(await compare(c, 300 + i), `case ${i}`).toBeLessThan(tolerance(k));
    }
    expect(fastKernelUsage().fast.Conv2DBackpropFilter).toBe(CASES.length);
    expect(fastKernelUsage().fallback.Conv2DBackpropFilter ?? 0).toBe(0);
  }, SLOW);

  it('matches with forced splits of K', async () => {
    for (const splitK of [3, 5]) {
      setGemmOptions({ tiling: 'small', splitK, bakeGeometry: false });
      expect(await compare(CASES[1], 400 + splitK), `split ${splitK}`).toBeLessThan(tolerance(50));
    }
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
