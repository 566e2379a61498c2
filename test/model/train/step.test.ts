import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../model/backend/select';
import { computeAbBins } from '../../../model/color/bins';
import { resolveConfig, VARIANTS } from '../../../model/config';
import { loadCentreCrops, type LabBatch } from '../../../model/dataset/batches';
import { listImages } from '../../../model/dataset/files';
import { estimatePriors } from '../../../model/dataset/prior';
import { ColorizerNet, netSpecOf } from '../../../model/nets/colorizer';
import { Adam } from '../../../model/train/adam';
import { disposeBatch, objective, toTensors, type LossContext } from '../../../model/train/objective';
import { termGradientNorms, trainStep, trainedVariables, type StepTerms } from '../../../model/train/step';

const PHOTOS = path.join(import.meta.dirname, '../../fixtures/model/photos');
const bins = computeAbBins();
let files: string[];
let photos: LabBatch;

beforeAll(async () => {
  files = await listImages(PHOTOS);
  photos = await loadCentreCrops(files, { size: 32, resize: 40, max: 4 });
});

async function contextFor(variant: string, overrides: Record<string, unknown> = {}): Promise<LossContext> {
  const config = resolveConfig('tiny', { variant, ...overrides });
  const priors = await estimatePriors(files, config, bins);
  return { config, bins, colourWeights: Float32Array.from(priors.colour.weights), gradientPrior: priors.gradient };
}

/** `steps` training steps on one fixed batch; returns each step's terms. */
async function run(ctx: LossContext, batch: LabBatch, steps: number, tensorsAfter?: number[]): Promise<{ terms: StepTerms[]; net: ColorizerNet }> {
  const net = new ColorizerNet(netSpecOf(ctx.config, bins.Q), 7);
  const adam = new Adam({ lr: ctx.config.lr, beta1: ctx.config.beta1, beta2: ctx.config.beta2, weightDecay: ctx.config.weightDecay });
  const tb = toTensors(batch, ctx);
  const terms: StepTerms[] = [];
  for (let i = 0; i < steps; i++) {
    terms.push(await trainStep(net, adam, tb, ctx));
    tensorsAfter?.push(tf.memory().numTensors);
  }
  disposeBatch(tb);
  adam.dispose();
  return { terms, net };
}

describe('trainStep', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it.each(VARIANTS.map((v) => [v]))('%s: a few steps on real photos reduce the loss, and no tensors pile up', async (variant) => {
    const ctx = await contextFor(variant, variant === 'coherent-rebal' ? { luminanceWeight: true } : {});
    const tensors: number[] = [];
    const { terms, net } = await run(ctx, photos, 6, tensors);
    const expectedTerms = variant === 'regression' ? ['loss', 'l2'] : variant.startsWith('coherent') ? ['loss', 'cls', 'coherence', 'regulariser'] : ['loss', 'cls'];
    expect(Object.keys(terms[0])).toEqual(expectedTerms);
    expect(terms.every((t) => Object.values(t).every(Number.isFinite))).toBe(true);
    expect(terms[5].loss).toBeLessThan(terms[0].loss);
    // Adam's moments appear at the first step; after that the count must not move.
    expect(new Set(tensors.slice(1)).size).toBe(1);
    net.dispose();
  });

  it('uses uniform rebalancing weights for zhang-norebal (λ = 1) and Zhang\'s λ = ½ otherwise', async () => {
    const norebal = await contextFor('zhang-norebal');
    expect(Array.from(norebal.colourWeights!).every((w) => Math.abs(w - 1) < 1e-6)).toBe(true);
    const zhang = await contextFor('zhang');
    expect(Math.max(...zhang.colourWeights!)).toBeGreaterThan(1.5);
  });
});

describe('loss-term gradient norms and a frozen baseline', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  const globalNorm = (grads: tf.NamedTensorMap, vars: tf.Variable[]) =>
    Math.sqrt(vars.reduce((s, v) => s + (grads[v.name] ? tf.tidy(() => tf.sum(tf.square(grads[v.name])).dataSync()[0]) : 0), 0));

  it('measures each term\'s gradient: cls reaches only the baseline, L_C and L_R only the head, weights scale them', async () => {
    const ctx = await contextFor('coherent');
    const net = new ColorizerNet(netSpecOf(ctx.config, bins.Q), 3);
    const tb = toTensors(photos, ctx);
    const norms = await termGradientNorms(net, tb, ctx);
    expect(Object.keys(norms)).toEqual(['cls', 'coherence', 'regulariser']);
    // Second method: the total loss's gradient split by the stop-gradient. Over the baseline's
    // weights only cls contributes, so its norm there is cls's norm.
    const baseline = new Set(net.baselineNames());
    const vars = net.trainableVariables();
    const { value, grads } = tf.variableGrads(() => objective(net, tb, ctx, { training: true }).total, vars);
    expect(globalNorm(grads, vars.filter((v) => baseline.has([...net.params].find(([, w]) => w === v)![0])))).toBeCloseTo(norms.cls, 4);
    tf.dispose([value, ...Object.values(grads)]);
    // A term's weight in the loss scales its gradient.
    const doubled = await termGradientNorms(net, tb, { ...ctx, config: { ...ctx.config, coherenceWeight: 2 } });
    expect(doubled.coherence / norms.coherence).toBeCloseTo(2, 4);
    expect(doubled.regulariser).toBeCloseTo(norms.regulariser, 6);
    disposeBatch(tb);
    net.dispose();
  });

  it('freezeBaseline trains the coherent head only and leaves the baseline and its BatchNorm statistics as they were', async () => {
    const ctx = await contextFor('coherent-rebal', { freezeBaseline: true });
    const net = new ColorizerNet(netSpecOf(ctx.config, bins.Q), 3);
    net.bnSteps = 5; // as if trained: inference-mode BatchNorm uses the running averages
    const names = ['conv1_1/kernel', 'conv3_norm/mean_ema', 'conv8_out/kernel', 'refine_out/kernel', 'branch_1/kernel'];
    const before = await Promise.all(names.map(async (n) => Array.from(await net.params.get(n)!.data())));
    const trained = new Set(trainedVariables(net, ctx));
    expect(net.baselineNames().every((n) => !trained.has(net.params.get(n)!))).toBe(true);
    const adam = new Adam({ lr: 1e-2, beta1: 0.9, beta2: 0.99, weightDecay: 0 });
    const tb = toTensors(photos, ctx);
    for (let i = 0; i < 2; i++) await trainStep(net, adam, tb, ctx);
    const after = await Promise.all(names.map(async (n) => Array.from(await net.params.get(n)!.data())));
    expect(after.slice(0, 3)).toEqual(before.slice(0, 3));
    expect(after[3]).not.toEqual(before[3]);
    expect(after[4]).not.toEqual(before[4]);
    expect(net.bnSteps).toBe(5);
    const norms = await termGradientNorms(net, tb, ctx);
    expect(Object.keys(norms)).toEqual(['coherence', 'regulariser']);
    disposeBatch(tb);
    adam.dispose();
    net.dispose();
  });
});

describe('backends agree on a training step', () => {
  // Small enough for the pure-JS cpu backend: 16 px crops, two images.
  const small = async (variant: string) => {
    const ctx = await contextFor(variant, { size: 16, resize: 20 });
    const batch = await loadCentreCrops(files, { size: 16, resize: 20, max: 2 });
    return { ctx, batch };
  };
  const weights = async (net: ColorizerNet, names: string[]) => Promise.all(names.map(async (n) => Array.from(await net.params.get(n)!.data())));
  const compare = async (variant: string, backends: string[]) => {
    const { ctx, batch } = await small(variant);
    const names = variant === 'coherent' ? ['conv1_1/kernel', 'conv5_1/kernel', 'refine_out/kernel'] : ['conv1_1/kernel', 'conv5_1/kernel', 'conv8_out/kernel'];
    const results: Array<{ terms: StepTerms[]; w: number[][] }> = [];
    for (const b of backends) {
      await selectBackend(b);
      const { terms, net } = await run(ctx, batch, 2);
      results.push({ terms, w: await weights(net, names) });
      net.dispose();
    }
    const [ref, ...others] = results;
    for (const o of others) {
      o.terms.forEach((t, i) => Object.keys(t).forEach((k) => expect(t[k]).toBeCloseTo(ref.terms[i][k], 3)));
      o.w.forEach((w, j) => w.forEach((v, i) => expect(Math.abs(v - ref.w[j][i])).toBeLessThan(1e-3)));
    }
  };

  it('cpu and wasm: zhang', async () => compare('zhang', ['cpu', 'wasm']), 120_000);
  it('cpu and wasm: coherent', async () => compare('coherent', ['cpu', 'wasm']), 180_000);

  // WebGPU runs here on lavapipe (Mesa's CPU Vulkan driver); only zhang: the coherent
  // graph needs ~2 minutes of shader compilation on lavapipe (it was checked by hand to
  // agree to 1e-6 with cpu and wasm).
  const noWebgpu = process.env.VK_DRIVER_FILES ? null : 'VK_DRIVER_FILES is unset (bash scripts/ci/install-lavapipe.sh, then VK_DRIVER_FILES=/usr/share/vulkan/icd.d/lvp_icd.json)';
  it.skipIf(noWebgpu !== null && !process.env.CI)(`wasm and webgpu: zhang${noWebgpu ? ` — skipped: ${noWebgpu}` : ''}`, async () => {
    if (noWebgpu) throw new Error(`WebGPU cannot be tested: ${noWebgpu}`);
    await compare('zhang', ['wasm', 'webgpu']);
  }, 600_000);
});
