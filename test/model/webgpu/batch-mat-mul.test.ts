// Our BatchMatMul / _FusedMatMul on WebGPU (lavapipe) against tfjs's cpu backend.
import * as tf from '@tensorflow/tfjs';
import { afterEach, expect, it } from 'vitest';
import { fastKernelUsage, resetFastKernelUsage, setGemmOptions, TILINGS } from '../../../model/webgpu/index';
import { SLOW, describeWebgpu, onCpu, randomArray, relError, tolerance } from './webgpu-harness';

type Case = { a: number[]; b: number[]; ta?: boolean; tb?: boolean };

async function compare(c: Case, seed: number): Promise<number> {
  const ad = randomArray(c.a.reduce((x, y) => x * y, 1), seed);
  const bd = randomArray(c.b.reduce((x, y) => x * y, 1), seed + 1);
  const run = () => tf.tidy(() => tf.matMul(tf.tensor(ad, c.a), tf.tensor(bd, c.b), c.ta, c.tb));
  const gpu = run();
  const got = await gpu.data();
  const shape = gpu.shape;
  gpu.dispose();
  const ref = await onCpu(async () => {
    const t = run();
    expect(t.shape).toEqual(shape);
    const d = await t.data();
    t.dispose();
    return d;
  });
  return relError(got, ref);
}

describeWebgpu('fast BatchMatMul on WebGPU', () => {
  afterEach(() => setGemmOptions({}));

  it('matches the cpu backend for odd sizes, transposes and batches', async () => {
    // Sizes that divide no tile (5, 7, 9, 130...), K and M/N not multiples of 4 (scalar loads)
    // and multiples of 4 (vec4 loads), each transpose combination, batches and broadcasts.
    const cases: Case[] = [
      { a: [5, 7], b: [7, 9] },
      { a: [33, 64], b: [64, 20] },
      { a: [17, 130], b: [17, 131], ta: true },
      { a: [64, 36], b: [12, 36], tb: true },
      { a: [12, 8], b: [20, 12], ta: true, tb: true },
      { a: [3, 5, 7], b: [3, 7, 9] },
      { a: [2, 3, 8, 12], b: [12, 16] }, // b broadcast over both batch dims
      { a: [1, 9, 12], b: [4, 12, 8] }, // a broadcast
    ];
    setGemmOptions({ tiling: 'small' });
    resetFastKernelUsage();
    for (const [i, c] of cases.entries()) {
      const k = c.ta ? c.a[c.a.length - 2] : c.a[c.a.length - 1];
      expect(await compare(c, 10 * i + 1), `case ${i}`).toBeLessThan(tolerance(k));
    }
    expect(fastKernelUsage().fast.BatchMatMul).toBe(cases.length);
    expect(fastKernelUsage().fallback.BatchMatMul ?? 0).toBe(0);
  }, SLOW);

  it('gives the same products on every tiling', async () => {
    // Scalar loads along both orientations (a and b transposed, sizes not multiples of 4) on
    // each tiling, and the vec4 path on the default large tile. Compiling the bigger tiles
    // on a CPU driver takes seconds each, hence not the whole list.
    // 'small' runs in every other test; 'largeLoop' only combines features checked here.
    for (const tiling of Object.keys(TILINGS).filter((t) => t !== 'small' && t !== 'largeLoop')) {
      setGemmOptions({ tiling });
      expect(await compare({ a: [17, 133], b: [131, 17], ta: true, tb: true }, 3), tiling).toBeLessThan(tolerance(17));
    }
    setGemmOptions({ tiling: 'large' });
    expect(await compare({ a: [130, 20], b: [20, 136] }, 4)).toBeLessThan(tolerance(20));
  }, SLOW);

  it('splits K across workgroups and adds the parts exactly once', async () => {
    // K = 1100 with forced splits of 16-multiples: the last chunk is partial.
    for (const splitK of [2, 3, 7]) {
      setGemmOptions({ tiling: 'small', splitK });
      expect(await compare({ a: [9, 1100], b: [1100, 13] }, splitK)).toBeLessThan(tolerance(1100));
      expect(await compare({ a: [2, 40, 300], b: [2, 300, 8] }, splitK + 5)).toBeLessThan(tolerance(300));
    }
    // The automatic choice splits a long, thin product.
    setGemmOptions({});
    resetFastKernelUsage();
    expect(await compare({ a: [8, 4096], b: [4096, 12] }, 3)).toBeLessThan(tolerance(4096));
    expect(fastKernelUsage().fast.BatchMatMul).toBe(1);
  }, SLOW);

  it('fuses bias and activations as tfjs does', async () => {
    const [M, K, N] = [19, 24, 10];
    const ad = randomArray(M * K, 5);
    const bd = randomArray(K * N, 6);
    const biasd = randomArray(N, 7);
    for (const activation of ['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'sigmoid'] as const) {
      // Split K only for two of them: the reduction shares the epilogue code.
      for (const splitK of activation === 'relu' || activation === 'leakyrelu' ? [undefined, 2] : [undefined]) {
        setGemmOptions({ tiling: 'small', splitK });
        const run = () => tf.tidy(() => tf.fused.matMul({
          a: tf.tensor(ad, [M, K]).mul(4), b: tf.tensor(bd, [K, N]), bias: tf.tensor(biasd, [N]),
          activation, leakyreluAlpha: 0.15,
        }));
        resetFastKernelUsage();
        const got = await run().data();
        expect(fastKernelUsage().fast._FusedMatMul, activation).toBe(1);
        const ref = await onCpu(() => run().data());
        expect(relError(got, ref), `${activation} split ${splitK}`).toBeLessThan(tolerance(K));
      }
    }
  }, SLOW);

  it('hands uncovered cases to tfjs and still gets them right', async () => {
    resetFastKernelUsage();
    // int32 products are tfjs's business.
    const a = [1, 2, 3, 4, 5, 6];
    const b = [7, 8, 9, 10, 11, 12];
    const run = () => tf.matMul(tf.tensor(a, [2, 3], 'int32'), tf.tensor(b, [3, 2], 'int32')).data();
    const got = await run();
    expect(fastKernelUsage().fallback.BatchMatMul).toBe(1);
    expect(fastKernelUsage().fast.BatchMatMul ?? 0).toBe(0);
    // [[1,2,3],[4,5,6]] · [[7,8],[9,10],[11,12]] by hand: 58, 64, 139, 154
    expect(Array.from(got)).toEqual([58, 64, 139, 154]);
  }, SLOW);

  it('frees its split-K scratch buffer', async () => {
    setGemmOptions({ tiling: 'small', splitK: 4 });
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const a = tf.tensor(randomArray(16 * 512, 1), [16, 512]);
    const b = tf.tensor(randomArray(512 * 16, 2), [512, 16]);
    await tf.matMul(a, b).data(); // warm up: pipelines and pooled buffers
    const before = backend.numDataIds();
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
    expect(backend.numDataIds()).toBe(before);
    a.dispose();
    b.dispose();
  }, SLOW);
});
