/**
 * Colorizing photos with a trained model, at the photo's own resolution (Zhang et al.
 * 2016's demo, generalised to any aspect ratio):
 *   1. the photo is scaled so its short side is the scale the network was trained at
 *      (config.resize: training photos are resized to that short side before the random
 *      crop, so objects appear at the size the network learned them), each side rounded
 *      to a multiple of 8 (the network halves the resolution three times and doubles it
 *      once), with an antialiasing resize (sharp). The network is fully convolutional,
 *      so a whole photo goes through at once, not crop-sized tiles. `side` overrides the
 *      short side (a larger one gives finer colour detail to objects the network then
 *      sees larger than it learned them);
 *   2. the network predicts ab at that size (model/colorize/predict.ts), decoded as the model
 *      says (config.annealT and, for zhang, config.priorCorrection) unless told otherwise;
 *   3. ab is upsampled bilinearly to the photo's size and joined with the photo's own
 *      full-resolution L, then converted to sRGB and clipped.
 * The ab view (the seed's Fig. 1, second row) shows the same ab with L = 50 everywhere.
 */
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { computeAbBins, type AbBins } from '../color/bins';
import { labToSrgbArray, srgbToLabArray } from '../color/lab';
import type { RunConfig } from '../config';
import { ConfigError } from '../config';
import { readRgbImage, writeRgbImage } from '../image/files';
import type { RgbImage } from '../image/rgb-image';
import { loadCheckpoint } from '../io/checkpoint';
import { isCoherentVariant, type ColorizerNet } from '../nets/colorizer';
import { exists, readJson, RUN_FILES } from '../train/run-folder';
import type { Priors } from '../dataset/prior';
import { defaultDecodeT, defaultPriorCorrection, predictAb, type Decoding } from './predict';
import path from 'node:path';

export interface Colorizer {
  net: ColorizerNet;
  config: RunConfig;
  bins: AbBins;
  /** Training step of the loaded checkpoint. */
  step: number;
  /** Rebalancing weights of the training prior (prior.json beside model.json, or in the run folder), if there. */
  weights: Float32Array | null;
  dispose(): void;
}

/** Loads a model from a run folder (runs/NAME) or a checkpoint folder (one holding model.json). */
export async function loadColorizer(modelPath: string): Promise<Colorizer> {
  const candidates = [path.join(modelPath, RUN_FILES.checkpoint), modelPath];
  let dir: string | null = null;
  for (const c of candidates) {
    if ((await exists(path.join(c, 'model.json'))) || (await exists(path.join(`${c}.old`, 'model.json')))) {
      dir = c;
      break;
    }
  }
  if (!dir) throw new ConfigError(`no model found in ${modelPath} (expected ${RUN_FILES.checkpoint}/model.json or model.json)`);
  const weights = await readPriorWeights([dir, path.dirname(dir)]);
  const { net, meta } = await loadCheckpoint(dir);
  return { net, config: meta.config, bins: computeAbBins(), step: meta.step, weights, dispose: () => net.dispose() };
}

/** The colour prior's rebalancing weights from the first of `dirs` that holds a prior.json. */
async function readPriorWeights(dirs: string[]): Promise<Float32Array | null> {
  for (const d of dirs) {
    const file = path.join(d, RUN_FILES.prior);
    if (!(await exists(file))) continue;
    const w = (await readJson<Partial<Priors>>(file)).colour?.weights;
    if (!Array.isArray(w)) throw new ConfigError(`${file} has no colour.weights: not a training run's prior`);
    return Float32Array.from(w);
  }
  return null;
}

/** The decoding `opts` ask for, on the model's defaults; an error if it needs weights the model lacks. */
export function decodingFor(c: Colorizer, opts: ColorizeOptions = {}): Decoding {
  const T = opts.T ?? defaultDecodeT(c.config);
  const priorCorrection = opts.priorCorrection ?? defaultPriorCorrection(c.config);
  if (priorCorrection > 0 && (isCoherentVariant(c.config.variant) || c.config.variant === 'regression')) {
    throw new ConfigError(`prior correction applies to the zhang variants' class distribution; a ${c.config.variant} model decodes without it`);
  }
  if (priorCorrection > 0 && !c.weights) {
    throw new ConfigError(`decoding with prior correction ${priorCorrection} needs the training prior's rebalancing weights, and the model has no ${RUN_FILES.prior} (beside model.json or in its run folder); use prior correction 0`);
  }
  return { T, priorCorrection, weights: c.weights };
}

/** The network's input size for a photo: short side = `size`, both sides multiples of 8. */
export function networkSize(width: number, height: number, size: number): { width: number; height: number } {
  const scale = size / Math.min(width, height);
  const round8 = (v: number) => Math.max(8, Math.round(v / 8) * 8);
  return { width: round8(width * scale), height: round8(height * scale) };
}

async function resizeRgb(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  const bytes = Buffer.alloc(image.data.length);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, image.data[i])) * 255);
  const { data, info } = await sharp(bytes, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: Float32Array.from(data, (v) => v / 255) };
}

export interface ColorizeOptions {
  /** Decoding temperature; default: the variant's (0.38 for zhang, coherenceT for coherent). */
  T?: number;
  /** Short side of the network's input in pixels; default: the training scale, config.resize. */
  side?: number;
  /** β, the fraction of the class rebalancing undone at decoding; default: the model's (config.priorCorrection). */
  priorCorrection?: number;
}

/** The short side a model colorizes at unless told otherwise. */
export function defaultSide(config: { resize: number }): number {
  return config.resize;
}

export interface Colorized {
  /** The colorization at the photo's size. */
  image: RgbImage;
  /** The predicted ab with L = 50 everywhere, at the photo's size. */
  abView: RgbImage;
  /** The size the network ran at. */
  networkSize: { width: number; height: number };
}

/** Colorizes an in-memory photo (its colours are ignored: only its L is used). */
export async function colorizeImage(c: Colorizer, photo: RgbImage, opts: ColorizeOptions = {}): Promise<Colorized> {
  const decoding = decodingFor(c, opts);
  const { width: W, height: H } = photo;
  const size = networkSize(W, H, opts.side ?? defaultSide(c.config));
  const small = await resizeRgb(photo, size.width, size.height);
  const smallLab = srgbToLabArray(small.data);
  const L = new Float32Array(size.width * size.height);
  for (let i = 0; i < L.length; i++) L[i] = smallLab[i * 3];
  const abT = tf.tidy(() => {
    const ab = predictAb(c.net, tf.tensor4d(L, [1, size.height, size.width, 1]), c.bins, decoding); // [1, h, w, 2]
    return tf.image.resizeBilinear(ab, [H, W], false, true); // [1, H, W, 2]
  });
  const ab = await abT.data();
  abT.dispose();
  const lab = srgbToLabArray(photo.data); // full-resolution L from the photo
  const view = new Float32Array(lab.length);
  for (let p = 0; p < W * H; p++) {
    lab[p * 3 + 1] = ab[p * 2];
    lab[p * 3 + 2] = ab[p * 2 + 1];
    view[p * 3] = 50;
    view[p * 3 + 1] = ab[p * 2];
    view[p * 3 + 2] = ab[p * 2 + 1];
  }
  const clip = (x: Float32Array) => x.map((v) => Math.min(1, Math.max(0, v)));
  return {
    image: { width: W, height: H, data: clip(labToSrgbArray(lab)) },
    abView: { width: W, height: H, data: clip(labToSrgbArray(view)) },
    networkSize: size,
  };
}

/** Reads `input`, colorizes it and writes `output` (and the ab view to `abViewOutput` if given). */
export async function colorizeFile(c: Colorizer, input: string, output: string, opts: ColorizeOptions & { abViewOutput?: string } = {}): Promise<Colorized> {
  const photo = await readRgbImage(input);
  const result = await colorizeImage(c, photo, opts);
  await writeRgbImage(output, result.image);
  if (opts.abViewOutput) await writeRgbImage(opts.abViewOutput, result.abView);
  return result;
}
