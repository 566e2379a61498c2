// Our Conv2D / FusedConv2D (implicit GEMM) on WebGPU (lavapipe) against tfjs's cpu backend.
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
  dilations?: number;
}

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

const CASES: Case[] = [
  { x: [2, 9, 11, 3], f: [3, 3, 3, 5], strides: 1, pad: 'same' }, // Cin, Cout not multiples of 4: scalar gathers
  { x: [1, 10, 10, 8], f: [3, 3, 8, 12], strides: 2, pad: 'same' },
  { x: [2, 7, 9, 4], f: [2, 3, 4, 8], strides: [2, 1], pad: 'valid' },
  { x: [1, 8, 8, 4], f: [3, 3, 4, 4], strides: 1, pad: 'same', dilations: 2 },
  { x: [1, 6, 7, 4], f: [3, 3, 4, 6], strides: 1, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  { x: [2, 5, 5, 16], f: [1, 1, 16, 20], strides: 1, pad: 'valid' },
  { x: [1, 1, 1, 1], f: [1, 1, 1, 1], strides: 1, pad: 'valid' },
];

async function compare(c: Case, seed: number): Promise<number> {
  const xd = randomArray(size(c.x), seed);
  const fd = randomArray(size(c.f), seed + 1);
  const run = () => tf.tidy(() =>
    tf.conv2d(tf.tensor4d(xd, c.x), tf.tensor4d(fd, c.f), c.strides, c.pad, 'NHWC', c.dilations ?? 1));
  const got = await run().data();
  const ref = await onCpu(() => run().data());
  return relError(got, ref);
}

describeWebgpu('fast Conv2D on WebGPU', () => {
  afterEach(() => setGemmOptions({}));

  it('matches the cpu backend: odd sizes, strides, padding variants, dilation, 1x1', async () => {
    setGemmOptions({ tiling: 'small', bakeGeometry: false });
    resetFastKernelUsage();
    for (const [i, c] of CASES.entries()) {
      expect(await compare(c, 100 + i), `case ${i}`).toBeLessThan(tolerance(c.f[0] * c.f[1] * c.f[2]));
    }
    expect(fastKernelUsage().fast.Conv2D).toBe(CASES.length);
    expect(fastKernelUsage().fallback.Conv2D ?? 0).toBe(0);
  }, SLOW);

  it('matches with split K and with the large tile', async () => {
    const c: Case = { x: [1, 6, 6, 64], f: [3, 3, 64, 8], strides: 1, pad: 'same' };
    setGemmOptions({ tiling: 'small', splitK: 3, bakeGeometry: false });
    expect(await compare(c, 7)).toBeLessThan(tolerance(576));
    setGemmOptions({ tiling: 'large', bakeGeometry: false });
    expect(await compare(CASES[1], 8)).toBeLessThan(tolerance(72));
  }, SLOW);

  it('fuses bias and activation (FusedConv2D)', async () => {
    setGemmOptions({ tiling: 'small', bakeGeometry: false });
    const x: [number, number, number, number] = [2, 6, 5, 4];
    const f: [number, number, number, number] = [3, 3, 4, 6];
    const xd = randomArray(size(x), 1);
    const fd = randomArray(size(f), 2);
    const bd = randomArray(6, 3);
    // Every activation is checked on matMul (same epilogue code); here two, with the bias.
    for (const activation of ['relu', 'leakyrelu'] as const) {
      const run = () => tf.tidy(() => tf.fused.conv2d({
        x: tf.tensor4d(xd, x).mul(3) as tf.Tensor4D, filter: tf.tensor4d(fd, f), strides: 1, pad: 'same',
        bias: tf.tensor1d(bd), activation, leakyreluAlpha: 0.3,
      }));
      resetFastKernelUsage();
      const got = await run().data();
      expect(fastKernelUsage().fast.FusedConv2D, activation).toBe(1);
      const ref = await onCpu(() => run().data());
      expect(relError(got, ref), activation).toBeLessThan(tolerance(36));
    }
  }, SLOW);

  it('hands NCHW and prelu to tfjs', async () => {
    resetFastKernelUsage();
    const x = [1, 4, 5, 5];
    const f: [number, number, number, number] = [3, 3, 4, 2];
    const xd = randomArray(size(x), 4);
    const fd = randomArray(size(f), 5);
    const run = () => tf.tidy(() => tf.fused.conv2d({
      x: tf.tensor4d(xd, [1, 5, 5, 4]), filter: tf.tensor4d(fd, f), strides: 1, pad: 'same',
      activation: 'prelu', preluActivationWeights: tf.scalar(0.2),
    }));
    const got = await run().data();
    expect(fastKernelUsage().fallback.FusedConv2D).toBe(1);
    const ref = await onCpu(() => run().data());
    expect(relError(got, ref)).toBeLessThan(tolerance(36));
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
