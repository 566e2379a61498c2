/**
 * The training loop: data, priors, network and optimizer from a run folder (new or
 * resumed), then steps with prefetched batches, metrics lines, validation and checkpoints,
 * and the loss curve at the end. Ctrl-C (an aborted `signal`) ends the current step,
 * saves a checkpoint and returns: nothing is lost.
 */
import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import { deriveSeed } from '../../app/lib/random';
import { computeAbBins } from '../color/bins';
import { architectureOf, ConfigError, type RunConfig } from '../config';
import { loadCentreCrops, TrainingBatches } from '../dataset/batches';
import { listImages, splitFiles } from '../dataset/files';
import { estimatePriors, priorsMatch, type Priors } from '../dataset/prior';
import { loadCheckpoint, loadOptimizer, saveCheckpoint } from '../io/checkpoint';
import { ColorizerNet, netSpecOf } from '../nets/colorizer';
import { defaultDecodeT, defaultPriorCorrection, type Decoding } from '../colorize/predict';
import { Adam } from './adam';
import { learningRate } from './lr-schedule';
import { disposeBatch, toTensors, type LossContext } from './objective';
import { writeLossCurve } from './plot';
import { appendMetrics, assertFreshRunFolder, exists, readJson, resumedConfig, RUN_FILES, writeJson, type RunRecord } from './run-folder';
import { initFrom } from './init-from';
import { termGradientNorms, trainStep, type StepTerms } from './step';
import { validate } from './validate';

export type TrainEvent =
  | { kind: 'prior'; done: number; total: number }
  | { kind: 'start'; startStep: number; steps: number; trainImages: number; valImages: number; parameters: number; config: RunConfig }
  | { kind: 'step'; step: number; terms: StepTerms; imagesPerSec: number }
  | { kind: 'val'; step: number; values: Record<string, number> }
  | { kind: 'saved'; step: number };

export interface TrainOptions {
  out: string;
  /** Continue the run in `out` (flags in `overrides` may change anything but the network). */
  resume: boolean;
  /** For a new run: the resolved configuration. */
  config?: RunConfig;
  /** For a resumed run: the preset named on the command line, if any (must match). */
  preset?: string;
  /** Settings given explicitly on the command line (applied on top of a resumed run). */
  overrides?: Record<string, unknown>;
  /** Folder of training images (required for a new run; a resumed run reuses its own). */
  data?: string;
  /** Stop (with a checkpoint) after this step, short of config.steps: the schedule still plans for config.steps. */
  stopAt?: number;
  /** A new run: start from the weights this run or checkpoint shares with the network (model/train/init-from.ts). */
  initFrom?: string;
  commit?: string | null;
  backend: string;
  command?: string[];
  signal?: AbortSignal;
  onEvent?: (e: TrainEvent) => void;
}

export interface TrainSummary {
  startStep: number;
  step: number;
  interrupted: boolean;
  last: StepTerms | null;
  bestValLoss: number | null;
  /** Mean milliseconds per step: computing, waiting for data, and the loader's own time per batch. */
  timing: { stepMs: number; waitMs: number; loadMs: number; imagesPerSec: number };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

export async function train(opts: TrainOptions): Promise<TrainSummary> {
  const out = path.resolve(opts.out);
  const runFile = path.join(out, RUN_FILES.config);
  const ckptDir = path.join(out, RUN_FILES.checkpoint);
  const bins = computeAbBins();

  // ---- the run's configuration and record ----
  let record: RunRecord;
  let config: RunConfig;
  if (opts.resume) {
    if (!(await exists(runFile))) throw new ConfigError(`no run to resume in ${out} (${RUN_FILES.config} is missing)`);
    record = await readJson<RunRecord>(runFile);
    config = resumedConfig(record.config, opts.preset, opts.overrides ?? {});
    if (opts.data) record.data = path.resolve(opts.data);
  } else {
    if (!opts.config) throw new ConfigError('a new run needs a configuration');
    if (!opts.data) throw new ConfigError('a new run needs --data DIR (a folder of colour images)');
    await assertFreshRunFolder(out);
    config = opts.config;
    record = {
      config,
      data: path.resolve(opts.data),
      commit: opts.commit ?? null,
      backend: opts.backend,
      tfjs: tf.version.tfjs,
      command: opts.command ?? [],
      createdAt: new Date().toISOString(),
      resumes: [],
    };
  }

  // ---- data, split and priors ----
  const files = await listImages(record.data);
  const split = splitFiles(files, config.valFraction, config.seed);
  if (split.train.length === 0) throw new ConfigError(`no training images left after holding out ${split.val.length} for validation`);
  const priorFile = path.join(out, RUN_FILES.prior);
  const saved = opts.resume && (await exists(priorFile)) ? await readJson<Priors>(priorFile) : null;
  // Recomputed when a resume changed the settings they depend on (lambda, sigma, gradient bins).
  const priors: Priors = saved && priorsMatch(saved, config)
    ? saved
    : await estimatePriors(split.train, config, bins, (done, total) => opts.onEvent?.({ kind: 'prior', done, total }));

  // ---- network and optimizer ----
  let net: ColorizerNet;
  let startStep = 0;
  let bestValLoss: number | null = null;
  const adam = new Adam({ lr: config.lr, beta1: config.beta1, beta2: config.beta2, weightDecay: config.weightDecay });
  if (opts.resume) {
    const ck = await loadCheckpoint(ckptDir);
    net = ck.net;
    const a = architectureOf(ck.meta.config);
    const b = architectureOf(config);
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      net.dispose();
      throw new ConfigError(`refusing to resume: the checkpoint's network (${JSON.stringify(a)}) differs from the run's (${JSON.stringify(b)})`);
    }
    await loadOptimizer(ckptDir, adam, ck.meta.adamSteps);
    startStep = ck.meta.step;
    bestValLoss = ck.meta.bestValLoss;
    if (startStep >= config.steps) {
      net.dispose();
      adam.dispose();
      throw new ConfigError(`the run is already at step ${startStep} of ${config.steps}: give a larger --steps to continue it`);
    }
    record.resumes.push({ at: new Date().toISOString(), fromStep: startStep, overrides: opts.overrides ?? {}, commit: opts.commit ?? null, backend: opts.backend });
    record.config = config;
  } else {
    net = new ColorizerNet(netSpecOf(config, bins.Q), deriveSeed(config.seed, 'init'));
    if (opts.initFrom) {
      try {
        record.initFrom = await initFrom(net, opts.initFrom);
      } catch (e) {
        net.dispose();
        throw e;
      }
    } else if (config.freezeBaseline) {
      net.dispose();
      throw new ConfigError('freezeBaseline needs --init-from RUN (a trained baseline to freeze); a random one would stay random');
    }
  }
  await writeJson(runFile, record);
  await writeJson(priorFile, priors);
  await writeJson(path.join(out, RUN_FILES.split), { seed: config.seed, valFraction: config.valFraction, train: split.train.length, val: split.val.map((f) => path.relative(record.data, f)) });

  const ctx: LossContext = { config, bins, colourWeights: Float32Array.from(priors.colour.weights), gradientPrior: priors.gradient, colourPrior: priors.colour.p };
  // Validation scores the colours as `colorize` would make them: the model's decoding.
  const decoding: Decoding = { T: defaultDecodeT(config), priorCorrection: defaultPriorCorrection(config), weights: ctx.colourWeights };
  const val = split.val.length ? await loadCentreCrops(split.val, { size: config.size, resize: config.resize, max: config.valImages }) : null;
  // A resumed run draws a fresh, seeded stream of batches (the loader's position is not saved).
  const loader = new TrainingBatches(split.train, {
    batch: config.batch, size: config.size, resize: config.resize, prefetch: config.prefetch, seed: deriveSeed(config.seed, 'data', startStep),
  });
  opts.onEvent?.({ kind: 'start', startStep, steps: config.steps, trainImages: split.train.length, valImages: val?.n ?? 0, parameters: net.countParameters(), config });

  // ---- the loop ----
  let step = startStep;
  let last: StepTerms | null = null;
  const stepMs: number[] = [];
  const waitMs: number[] = [];
  const window: StepTerms[] = [];
  let windowStart = performance.now();
  let interrupted = false;
  const save = async () => {
    await saveCheckpoint(ckptDir, net, adam, { step, config, adamSteps: adam.t, bestValLoss });
    opts.onEvent?.({ kind: 'saved', step });
  };
  try {
    const end = Math.min(config.steps, opts.stopAt ?? Infinity);
    while (step < end) {
      if (opts.signal?.aborted) {
        interrupted = true;
        break;
      }
      const t0 = performance.now();
      const labBatch = await loader.next();
      const t1 = performance.now();
      const batch = toTensors(labBatch, ctx);
      adam.options.lr = learningRate(config, step + 1);
      let terms: StepTerms;
      try {
        terms = await trainStep(net, adam, batch, ctx);
      } finally {
        disposeBatch(batch);
      }
      const t2 = performance.now();
      step++;
      last = terms;
      waitMs.push(t1 - t0);
      stepMs.push(t2 - t1);
      window.push(terms);
      if (!Object.values(terms).every(Number.isFinite)) {
        throw new Error(`the loss is not finite at step ${step} (${JSON.stringify(terms)}): lower --lr or check the data`);
      }
      const elapsed = (performance.now() - windowStart) / 1000;
      const imagesPerSec = (window.length * config.batch) / elapsed;
      opts.onEvent?.({ kind: 'step', step, terms, imagesPerSec });
      if (step % config.logEvery === 0 || step === config.steps) {
        const avg = Object.fromEntries(Object.keys(terms).map((k) => [k, mean(window.map((w) => w[k]))]));
        await appendMetrics(out, {
          kind: 'train', step, ...avg, lr: adam.options.lr, imagesPerSec, stepMs: mean(stepMs.slice(-window.length)), waitMs: mean(waitMs.slice(-window.length)),
          loadMs: loader.stats.batches ? loader.stats.loadMs / loader.stats.batches : 0, tensors: tf.memory().numTensors, time: new Date().toISOString(),
        });
        window.length = 0;
        windowStart = performance.now();
      }
      if (config.gradNormEvery > 0 && step % config.gradNormEvery === 0 && Object.keys(terms).length > 2) {
        const b = toTensors(labBatch, ctx);
        try {
          await appendMetrics(out, { kind: 'grad', step, ...(await termGradientNorms(net, b, ctx)), time: new Date().toISOString() });
        } finally {
          disposeBatch(b);
        }
      }
      if (val && (step % config.evalEvery === 0 || step === config.steps)) {
        const values = await validate(net, val, ctx, config.batch, decoding);
        if (bestValLoss === null || values.loss < bestValLoss) bestValLoss = values.loss;
        await appendMetrics(out, { kind: 'val', step, ...values, images: val.n, time: new Date().toISOString() });
        opts.onEvent?.({ kind: 'val', step, values });
      }
      if (step % config.saveEvery === 0 && step < end) await save();
    }
    if (step > startStep) await save();
  } finally {
    await loader.drain();
    net.dispose();
    adam.dispose();
  }
  await writeLossCurve(out);
  return {
    startStep,
    step,
    interrupted,
    last,
    bestValLoss,
    timing: {
      stepMs: mean(stepMs),
      waitMs: mean(waitMs),
      loadMs: loader.stats.batches ? loader.stats.loadMs / loader.stats.batches : NaN,
      imagesPerSec: stepMs.length ? config.batch / ((mean(stepMs) + mean(waitMs)) / 1000) : NaN,
    },
  };
}
