// tfjs's threaded WASM build (model/backend/wasm-threads.ts) against its single-threaded one:
// the same network, batch and seed give the same forward pass, gradients and training steps
// to float tolerance (they came out bit-identical here: XNNPACK splits a kernel's outputs
// between threads, not its sums); when the threaded build cannot start, wasm runs on one
// thread and says why.
import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../model/backend/select';
import { WASM_THREADS } from '../../../model/backend/wasm-threads';
import { computeAbBins } from '../../../model/color/bins';
import { resolveConfig } from '../../../model/config';
import { loadCentreCrops, type LabBatch } from '../../../model/dataset/batches';
import { listImages } from '../../../model/dataset/files';
import { estimatePriors } from '../../../model/dataset/prior';
import { ColorizerNet, netSpecOf } from '../../../model/nets/colorizer';
import { Adam } from '../../../model/train/adam';
import { disposeBatch, objective, splitLab, toTensors, type LossContext } from '../../../model/train/objective';
import { trainStep, type StepTerms } from '../../../model/train/step';

const PHOTOS = path.join(import.meta.dirname, '../../fixtures/model/photos');
const bins = computeAbBins();
let files: string[];
let photos: LabBatch;

beforeAll(async () => {
  files = await listImages(PHOTOS);
  photos = await loadCentreCrops(files, { size: 32, resize: 40, max: 4 });
});

async function contextFor(variant: string): Promise<LossContext> {
  const config = resolveConfig('tiny', { variant });
  const priors = await estimatePriors(files, config, bins);
  return { config, bins, colourWeights: Float32Array.from(priors.colour.weights), gradientPrior: priors.gradient };
}

interface Pass {
  logits: Float32Array;
  loss: number;
  /** Each trainable weight's gradient, in the network's order. */
  grads: Float32Array[];
  /** Two training steps from the same start: each step's terms, then every weight. */
  terms: StepTerms[];
  weights: Float32Array[];
}

async function pass(ctx: LossContext): Promise<Pass> {
  const tb = toTensors(photos, ctx);
  const net = new ColorizerNet(netSpecOf(ctx.config, bins.Q), 7);
  const vars = net.trainableVariables();
  const logitsT = tf.tidy(() => net.forward(splitLab(tb.lab).lNorm, { training: false }).logits!);
  const { value, grads } = tf.variableGrads(() => objective(net, tb, ctx, { training: true }).total as tf.Scalar, vars);
  const out = {
    logits: (await logitsT.data()) as Float32Array,
    loss: (await value.data())[0],
    grads: await Promise.all(vars.map(async (v) => (await grads[v.name].data()) as Float32Array)),
  };
  tf.dispose([logitsT, value, ...Object.values(grads)]);
  const adam = new Adam({ lr: ctx.config.lr, beta1: ctx.config.beta1, beta2: ctx.config.beta2, weightDecay: ctx.config.weightDecay });
  const terms: StepTerms[] = [];
  for (let i = 0; i < 2; i++) terms.push(await trainStep(net, adam, tb, ctx));
  const weights = await Promise.all(vars.map(async (v) => (await v.data()) as Float32Array));
  adam.dispose();
  net.dispose();
  disposeBatch(tb);
  return { ...out, terms, weights };
}

/** Largest |a - b| relative to the largest |a| (1 when b has the wrong length). */
function relativeError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 1;
  let diff = 0;
  let scale = 1e-12;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(a[i]));
  }
  return diff / scale;
}

describe.each([['zhang'], ['coherent']])('%s, tiny preset: two threads against one', (variant) => {
  it('the same forward pass, gradients and two training steps', async () => {
    const ctx = await contextFor(variant);
    const one = await selectBackend('wasm', { threads: 1 });
    expect(tf.getBackend()).toBe('wasm');
    expect(one.threads).toBe(1);
    const ref = await pass(ctx);
    const two = await selectBackend('wasm', { threads: 2 });
    expect(tf.getBackend()).toBe(WASM_THREADS);
    expect(two).toMatchObject({ name: 'wasm', threads: 2 });
    expect(two.detail).toMatch(/2 threads/);
    const got = await pass(ctx);

    expect(relativeError(ref.logits, got.logits)).toBeLessThan(1e-5);
    expect(got.loss).toBeCloseTo(ref.loss, 5);
    expect(got.grads).toHaveLength(ref.grads.length);
    ref.grads.forEach((g, i) => expect(relativeError(g, got.grads[i])).toBeLessThan(1e-4));
    ref.terms.forEach((t, i) => Object.keys(t).forEach((k) => expect(got.terms[i][k]).toBeCloseTo(t[k], 4)));
    ref.weights.forEach((w, i) => expect(relativeError(w, got.weights[i])).toBeLessThan(1e-4));
  }, 180_000);
});

describe('selecting the threaded build', () => {
  it('falls back to one thread, with the reason, when the threaded build cannot start; starts once it can', async () => {
    const saved = globalThis.SharedArrayBuffer;
    // A runtime without shared memory (as browsers without cross-origin isolation are).
    (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer = undefined;
    try {
      // A different count from the other tests: this one must start the build afresh.
      const c = await selectBackend('wasm', { threads: 3 });
      expect(c).toMatchObject({ name: 'wasm', threads: 1 });
      expect(c.detail).toBe('WebAssembly (SIMD, one thread: the 3-thread build did not start (this JavaScript runtime has no SharedArrayBuffer))');
      expect(tf.getBackend()).toBe('wasm');
    } finally {
      globalThis.SharedArrayBuffer = saved;
    }
    const again = await selectBackend('wasm', { threads: 3 });
    expect(again.threads).toBe(3);
    expect(tf.getBackend()).toBe(WASM_THREADS);
    const y = tf.tidy(() => tf.conv2d(tf.ones([1, 8, 8, 4]) as tf.Tensor4D, tf.ones([3, 3, 4, 2]) as tf.Tensor4D, 1, 'same'));
    expect((await y.data())[2 * (8 + 1)]).toBe(36); // pixel (1, 1): 3 x 3 taps x 4 channels
    y.dispose();
  }, 60_000);

  it('refuses a thread count outside 1..8 (8: the most the build runs)', async () => {
    await expect(selectBackend('wasm', { threads: 0 })).rejects.toThrow(/threads must be a whole number from 1 to 8 \(the most tfjs's threaded WASM build runs\), got 0/);
    await expect(selectBackend('wasm', { threads: 1.5 })).rejects.toThrow(/got 1\.5/);
    await expect(selectBackend('wasm', { threads: 9 })).rejects.toThrow(/got 9/);
  });
});
