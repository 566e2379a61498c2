/**
 * A short training run of a preset on images shipped as raw RGB (the GPU machine has no
 * sharp and no network): random 224 crops and mirroring of 256 x 256 images, the last
 * few held out. Rebalancing weights are uniform (the zhang-norebal objective), so no
 * prior has to be estimated first. Writes the checkpoint in model/io's layout with conv
 * kernels quantised to 8 bits (per tensor, min/scale in the manifest, tfjs's own
 * quantisation format) in parts of at most 15 MB, which the device tool can bring back;
 * scripts/gpu/unpack-checkpoint.ts turns it into an ordinary float32 checkpoint here.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../../app/lib/random';
import { computeAbBins } from '../../model/color/bins';
import { srgbToLab } from '../../model/color/lab';
import { resolveConfig } from '../../model/config';
import { CHECKPOINT_FORMAT } from '../../model/io/checkpoint';
import { ColorizerNet, netSpecOf } from '../../model/nets/colorizer';
import { Adam } from '../../model/train/adam';
import type { LossContext } from '../../model/train/objective';
import { evaluateLoss, trainStep } from '../../model/train/step';

export interface TrainRunOptions {
  /** images.json written by pack-images.ts: { count, size, file } */
  dataJson: string;
  outDir: string;
  preset: string;
  batch: number;
  maxSeconds: number;
  maxSteps: number;
  /** Adam learning rate; above Zhang's 3e-5 so that a few hundred steps show progress */
  lr?: number;
  log: (line: string) => void;
}

export interface TrainRunResult {
  steps: number;
  seconds: number;
  imagesPerSecond: number;
  valBefore: number;
  valAfter: number;
  losses: number[];
  checkpoint: string;
}

const HELD_OUT = 8;
const PART_BYTES = 15 * 1024 * 1024;
/** Tensors smaller than this stay float32 (biases, BatchNorm statistics: tiny, and sensitive). */
const QUANTISE_FROM = 65536;

/** Writes `net` as a checkpoint with 8-bit conv kernels, split into parts. */
export async function writeQuantisedCheckpoint(
  dir: string, net: ColorizerNet, meta: Record<string, unknown>,
): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const specs: tf.io.WeightsManifestEntry[] = [];
  const chunks: Uint8Array[] = [];
  for (const [name, v] of net.params) {
    const values = (await v.data()) as Float32Array;
    if (values.length < QUANTISE_FROM) {
      specs.push({ name, shape: v.shape, dtype: 'float32' });
      chunks.push(new Uint8Array(values.slice().buffer));
      continue;
    }
    let min = Infinity;
    let max = -Infinity;
    for (const x of values) {
      if (x < min) min = x;
      if (x > max) max = x;
    }
    const scale = max > min ? (max - min) / 255 : 1;
    const q = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) q[i] = Math.round((values[i] - min) / scale);
    specs.push({ name, shape: v.shape, dtype: 'float32', quantization: { dtype: 'uint8', min, scale } });
    chunks.push(q);
  }
  const total = chunks.reduce((s, c) => s + c.length, 0);
  const all = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    all.set(c, o);
    o += c.length;
  }
  const paths: string[] = [];
  for (let start = 0, i = 0; start < total; start += PART_BYTES, i++) {
    const p = `weights.bin.${String(i).padStart(2, '0')}`;
    writeFileSync(path.join(dir, p), all.subarray(start, Math.min(total, start + PART_BYTES)));
    paths.push(p);
  }
  const json = {
    format: CHECKPOINT_FORMAT,
    generatedBy: `TensorFlow.js tfjs-core v${tf.version_core}`,
    convertedBy: null,
    modelTopology: { spec: net.spec },
    weightsManifest: [{ paths, weights: specs }],
    userDefinedMetadata: { ...meta, bnSteps: net.bnSteps, savedAt: new Date().toISOString() },
  };
  writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json, null, 1) + '\n');
  return paths;
}

export async function trainOnImages(o: TrainRunOptions): Promise<TrainRunResult> {
  const meta = JSON.parse(readFileSync(o.dataJson, 'utf8')) as { count: number; size: number; file: string };
  const raw = readFileSync(path.join(path.dirname(o.dataJson), meta.file));
  if (raw.length !== meta.count * meta.size * meta.size * 3) throw new Error(`${meta.file}: ${raw.length} bytes, expected ${meta.count} x ${meta.size}^2 x 3`);
  const config = resolveConfig(o.preset, { variant: 'zhang-norebal', batch: o.batch, lr: o.lr ?? 1e-4 });
  const S = config.size;
  if (meta.size < S) throw new Error(`images are ${meta.size} px, the ${o.preset} preset needs ${S}`);
  const bins = computeAbBins();
  const ctx: LossContext = { config, bins, colourWeights: new Float32Array(bins.Q).fill(1), gradientPrior: null };
  const net = new ColorizerNet(netSpecOf(config, bins.Q), config.seed);
  const adam = new Adam({ lr: config.lr, beta1: config.beta1, beta2: config.beta2, weightDecay: config.weightDecay });
  // All images as Lab on the GPU once: [count, size, size, 3].
  const lab = tf.tidy(() => srgbToLab(tf.div(tf.tensor4d(Float32Array.from(raw), [meta.count, meta.size, meta.size, 3]), 255))) as tf.Tensor4D;
  const trainCount = meta.count - HELD_OUT;
  const off = Math.floor((meta.size - S) / 2);
  const val = { lab: tf.slice(lab, [trainCount, off, off, 0], [HELD_OUT, S, S, 3]) as tf.Tensor4D };
  const rand = seededRandom(config.seed);
  const makeBatch = () => tf.tidy(() => {
    const crops: tf.Tensor3D[] = [];
    for (let i = 0; i < o.batch; i++) {
      const k = Math.floor(rand() * trainCount);
      const y = Math.floor(rand() * (meta.size - S + 1));
      const x = Math.floor(rand() * (meta.size - S + 1));
      let c = tf.reshape(tf.slice(lab, [k, y, x, 0], [1, S, S, 3]), [S, S, 3]) as tf.Tensor3D;
      if (rand() < 0.5) c = tf.reverse(c, 1);
      crops.push(c);
    }
    return { lab: tf.stack(crops) as tf.Tensor4D };
  });
  const valBefore = (await evaluateLoss(net, val, ctx)).loss;
  o.log(`training ${o.preset} (zhang-norebal, batch ${o.batch}, lr ${config.lr}) on ${trainCount} images, held-out loss ${valBefore.toFixed(3)}`);
  const losses: number[] = [];
  const t0 = performance.now();
  let steps = 0;
  while (steps < o.maxSteps && (performance.now() - t0) / 1000 < o.maxSeconds) {
    const batch = makeBatch();
    losses.push((await trainStep(net, adam, batch, ctx)).loss);
    batch.lab.dispose();
    steps++;
    if (steps % 25 === 0) o.log(`  step ${steps}: loss ${losses[losses.length - 1].toFixed(3)}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  const valAfter = (await evaluateLoss(net, val, ctx)).loss;
  const paths = await writeQuantisedCheckpoint(o.outDir, net, { step: steps, config, adamSteps: adam.t, bestValLoss: valAfter });
  o.log(`held-out loss ${valBefore.toFixed(3)} -> ${valAfter.toFixed(3)}; checkpoint ${o.outDir} (${paths.length} parts)`);
  tf.dispose([lab, val.lab]);
  adam.dispose();
  net.dispose();
  return { steps, seconds, imagesPerSecond: (steps * o.batch) / seconds, valBefore, valAfter, losses, checkpoint: o.outDir };
}
