import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../model/backend/select';
import { computeAbBins } from '../../../model/color/bins';
import { srgbToLabArray } from '../../../model/color/lab';
import { colorizeFile, colorizeImage, decodingFor, loadColorizer, networkSize, type Colorizer } from '../../../model/colorize/colorize';
import { saveCheckpoint } from '../../../model/io/checkpoint';
import { defaultDecodeT } from '../../../model/colorize/predict';
import { resolveConfig } from '../../../model/config';
import { imageSize, readRgbImage } from '../../../model/image/files';
import { ColorizerNet, netSpecOf } from '../../../model/nets/colorizer';

const PHOTO = path.join(import.meta.dirname, '../../fixtures/model/photos/clothing-1.jpg');
let dir: string;

function colorizer(variant: string): Colorizer {
  const config = resolveConfig('tiny', { variant });
  const net = new ColorizerNet(netSpecOf(config, computeAbBins().Q), 5);
  return { net, config, bins: computeAbBins(), step: 0, weights: null, dispose: () => net.dispose() };
}

beforeAll(async () => {
  await selectBackend('wasm');
  dir = await mkdtemp(path.join(os.tmpdir(), 'colorize-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('networkSize', () => {
  it('scales the short side to the training size and rounds both sides to multiples of 8', () => {
    expect(networkSize(768, 512, 64)).toEqual({ width: 96, height: 64 }); // Kodak landscape, small preset
    expect(networkSize(512, 768, 224)).toEqual({ width: 224, height: 336 });
    expect(networkSize(100, 37, 32)).toEqual({ width: 88, height: 32 }); // 86.5 -> 88
  });
});

describe('colorizeImage', () => {
  it.each([['zhang'], ['regression'], ['coherent']])('%s: keeps the photo\'s size and its L; the ab view has L = 50', async (variant) => {
    const c = colorizer(variant);
    // An odd size, not a multiple of 8, so that both resizes are exercised.
    const photo = await readRgbImage(PHOTO, { width: 45, height: 38 });
    const before = tf.memory().numTensors;
    const out = await colorizeImage(c, photo);
    expect(tf.memory().numTensors).toBe(before);
    expect([out.image.width, out.image.height, out.image.data.length]).toEqual([45, 38, 45 * 38 * 3]);
    // By default at the training scale (tiny: photos resized to a short side of 40 before
    // cropping): 45x38 -> 47.4x40 -> 48x40; `side` overrides it.
    expect(out.networkSize).toEqual({ width: 48, height: 40 });
    if (variant === 'zhang') expect((await colorizeImage(c, photo, { side: 32 })).networkSize).toEqual({ width: 40, height: 32 });
    const labIn = srgbToLabArray(photo.data);
    const labOut = srgbToLabArray(out.image.data);
    const labView = srgbToLabArray(out.abView.data);
    // Where no channel was clipped to [0, 1], the colorization's L is the photo's L exactly
    // (up to float32 conversions), and the ab view's L is 50.
    const unclipped = (rgb: Float32Array, p: number) => [0, 1, 2].every((k) => rgb[p * 3 + k] > 0 && rgb[p * 3 + k] < 1);
    let kept = 0;
    let viewKept = 0;
    for (let p = 0; p < 45 * 38; p++) {
      if (unclipped(out.image.data, p)) {
        kept++;
        expect(Math.abs(labOut[p * 3] - labIn[p * 3])).toBeLessThan(0.05);
      }
      if (unclipped(out.abView.data, p)) {
        viewKept++;
        expect(Math.abs(labView[p * 3] - 50)).toBeLessThan(0.05);
      }
    }
    expect(kept).toBeGreaterThan(45 * 38 * 0.3);
    expect(viewKept).toBeGreaterThan(45 * 38 * 0.3);
    c.dispose();
  });

  it('decodes at the variant\'s temperature unless told otherwise, and T changes the colours', async () => {
    const c = colorizer('zhang');
    expect(defaultDecodeT(c.config)).toBe(0.38);
    expect(defaultDecodeT({ ...c.config, variant: 'coherent' })).toBe(c.config.coherenceT);
    const photo = await readRgbImage(PHOTO, { width: 32, height: 32 });
    const a = await colorizeImage(c, photo);
    const b = await colorizeImage(c, photo, { T: 0.38 });
    const d = await colorizeImage(c, photo, { T: 1 });
    expect(Array.from(b.image.data)).toEqual(Array.from(a.image.data));
    expect(Array.from(d.image.data)).not.toEqual(Array.from(a.image.data));
    c.dispose();
  });
});

describe('prior correction', () => {
  it('is off by default, needs the prior\'s weights, ignores uniform weights and at β = 1 follows them', async () => {
    const c = colorizer('zhang');
    const photo = await readRgbImage(PHOTO, { width: 32, height: 32 });
    const plain = await colorizeImage(c, photo);
    expect(() => decodingFor(c, { priorCorrection: 0.5 })).toThrow(/needs the training prior's rebalancing weights.*prior\.json/);
    const coherent = colorizer('coherent');
    coherent.weights = new Float32Array(c.bins.Q).fill(1);
    expect(() => decodingFor(coherent, { priorCorrection: 0.5 })).toThrow(/a coherent model decodes without it/);
    expect(decodingFor(coherent).priorCorrection).toBe(0);
    coherent.dispose();
    // Weights equal in every bin shift every logit alike: the softmax, so the colours, stay.
    c.weights = new Float32Array(c.bins.Q).fill(3);
    const uniform = await colorizeImage(c, photo, { priorCorrection: 1 });
    uniform.image.data.forEach((v, i) => expect(v).toBeCloseTo(plain.image.data[i], 5));
    // One bin made 1e6 times rarer than the others: undoing the weights puts (almost) all the
    // mass there, so every pixel's ab is that bin's centre.
    const k = c.bins.Q - 1;
    c.weights = new Float32Array(c.bins.Q).fill(1);
    c.weights[k] = 1e-6;
    const out = await colorizeImage(c, photo, { priorCorrection: 1, T: 1 });
    for (let p = 0; p < 32 * 32; p += 37) {
      expect(out.abView.data.length).toBe(32 * 32 * 3);
      const lab = srgbToLabArray(out.abView.data.subarray(p * 3, p * 3 + 3));
      const [a, b] = [c.bins.centers[2 * k], c.bins.centers[2 * k + 1]];
      // The ab view clips to sRGB; the bin's centre at L = 50 may lie outside, so compare the hue.
      expect(Math.abs(Math.atan2(lab[2], lab[1]) - Math.atan2(b, a))).toBeLessThan(0.15);
    }
    c.dispose();
  });

  it('loads the weights from prior.json beside model.json or in the run folder', async () => {
    const config = resolveConfig('tiny', { variant: 'zhang' });
    const net = new ColorizerNet(netSpecOf(config, computeAbBins().Q), 5);
    const run = path.join(dir, 'run-prior');
    await saveCheckpoint(path.join(run, 'checkpoint'), net, null, { step: 3, config: { ...config, priorCorrection: 0.5 }, adamSteps: 0, bestValLoss: null });
    net.dispose();
    const weights = Array.from({ length: computeAbBins().Q }, (_, i) => 1 + i / 100);
    await expect(loadColorizer(run).then((c) => decodingFor(c))).rejects.toThrow(/prior\.json/);
    await writeFile(path.join(run, 'prior.json'), JSON.stringify({ colour: { weights } }));
    for (const where of [run, path.join(run, 'checkpoint')]) {
      const c = await loadColorizer(where);
      expect(c.weights?.[5]).toBeCloseTo(1.05, 6);
      expect(decodingFor(c).priorCorrection).toBe(0.5);
      c.dispose();
    }
    await writeFile(path.join(run, 'checkpoint', 'prior.json'), JSON.stringify({ colour: {} }));
    await expect(loadColorizer(path.join(run, 'checkpoint'))).rejects.toThrow(/no colour\.weights/);
  });
});

describe('colorizeFile', () => {
  it('writes the colorization and the ab view at the input\'s full size', async () => {
    const c = colorizer('zhang');
    const out = path.join(dir, 'a.png');
    const view = path.join(dir, 'a-ab.png');
    await colorizeFile(c, PHOTO, out, { abViewOutput: view });
    const size = await imageSize(PHOTO);
    expect(await imageSize(out)).toEqual(size);
    expect(await imageSize(view)).toEqual(size);
    await expect(colorizeFile(c, path.join(dir, 'missing.jpg'), out)).rejects.toThrow(/cannot read image/);
    c.dispose();
  });
});
