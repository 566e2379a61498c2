import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeAbBins } from '../../../model/color/bins';
import { resolveConfig } from '../../../model/config';
import { loadCentreCrops, sampleFiles, TrainingBatches } from '../../../model/dataset/batches';
import { DataError, listImages, splitFiles } from '../../../model/dataset/files';
import { crop, isGrayscaleLab } from '../../../model/dataset/images';
import { estimatePriors, priorsMatch } from '../../../model/dataset/prior';

let dir: string;
const colourFiles: string[] = [];
let grayFile: string;

/** A w x h PNG: horizontal colour ramp from `a` to `b` (RGB 0..255). */
async function ramp(file: string, w: number, h: number, a: number[], b: number[]): Promise<void> {
  const px = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < 3; k++) px[(y * w + x) * 3 + k] = Math.round(a[k] + ((b[k] - a[k]) * x) / (w - 1));
  await sharp(px, { raw: { width: w, height: h, channels: 3 } }).png().toFile(file);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dataset-'));
  await mkdir(path.join(dir, 'sub'));
  const colours = [[255, 0, 0], [0, 160, 0], [0, 0, 255], [230, 200, 0], [200, 0, 200]];
  for (let i = 0; i < colours.length; i++) {
    const f = path.join(dir, i === 4 ? 'sub' : '', `c${i}.png`);
    await ramp(f, 60 + 4 * i, 48, colours[i], [40, 40, 40]);
    colourFiles.push(f);
  }
  grayFile = path.join(dir, 'gray.png');
  await ramp(grayFile, 50, 48, [10, 10, 10], [240, 240, 240]);
  await writeFile(path.join(dir, 'notes.txt'), 'not an image');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('listImages and splitFiles', () => {
  it('finds images recursively, sorted, and nothing else', async () => {
    const files = await listImages(dir);
    expect(files).toEqual([...colourFiles, grayFile].sort());
  });

  it('names the problem with a missing or empty folder', async () => {
    await expect(listImages(path.join(dir, 'nope'))).rejects.toThrow(DataError);
    await expect(listImages(path.join(dir, 'nope'))).rejects.toThrow(/data folder not found/);
    const empty = path.join(dir, 'empty');
    await mkdir(empty);
    await expect(listImages(empty)).rejects.toThrow(/no images/);
  });

  it('holds out a seeded validation set', () => {
    const files = Array.from({ length: 40 }, (_, i) => `f${String(i).padStart(2, '0')}.jpg`);
    const a = splitFiles(files, 0.1, 5);
    expect(a.val).toHaveLength(4);
    expect(a.train).toHaveLength(36);
    expect([...a.train, ...a.val].sort()).toEqual(files);
    expect(splitFiles(files, 0.1, 5)).toEqual(a);
    expect(splitFiles(files, 0.1, 6).val).not.toEqual(a.val);
    expect(splitFiles(['one.jpg'], 0.5, 1)).toEqual({ train: ['one.jpg'], val: [] });
  });

  it('samples without repetition', () => {
    const files = Array.from({ length: 30 }, (_, i) => `f${i}`);
    const s = sampleFiles(files, 10, 3);
    expect(new Set(s).size).toBe(10);
    expect(sampleFiles(files, 10, 3)).toEqual(s);
    expect(sampleFiles(files, 50, 3)).toEqual(files);
  });
});

describe('crops', () => {
  it('cuts a window and mirrors it left-right', () => {
    // 3x2 image with pixel value = its index, repeated over the three channels.
    const img = { width: 3, height: 2, data: Float32Array.from([0, 1, 2, 3, 4, 5].flatMap((v) => [v, v, v])) };
    const first = (a: Float32Array) => Array.from(a.filter((_, i) => i % 3 === 0));
    expect(first(crop(img, 1, 0, 2, false))).toEqual([1, 2, 4, 5]);
    expect(first(crop(img, 1, 0, 2, true))).toEqual([2, 1, 5, 4]);
    expect(() => crop(img, 2, 0, 2, false)).toThrow(/leaves the 3x2 image/);
  });

  it('applies Zhang\'s grayscale test: |a| and |b| <= 5 everywhere', () => {
    expect(isGrayscaleLab(Float32Array.from([50, 5, -5, 20, 0, 0]))).toBe(true);
    expect(isGrayscaleLab(Float32Array.from([50, 5, -5, 20, 0, 5.1]))).toBe(false);
  });
});

describe('TrainingBatches', () => {
  const opts = { batch: 3, size: 32, resize: 40, seed: 9, prefetch: 2 };

  it('gives the same batches for the same seed, whatever the prefetching, and skips grayscale images', async () => {
    const files = await listImages(dir);
    const a = new TrainingBatches(files, opts);
    const b = new TrainingBatches(files, { ...opts, prefetch: 1 });
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const [x, y] = await Promise.all([a.next(), b.next()]);
      expect(x.files).toEqual(y.files);
      expect(Array.from(x.lab)).toEqual(Array.from(y.lab));
      expect(x.lab).toHaveLength(3 * 32 * 32 * 3);
      x.files.forEach((f) => seen.add(f));
    }
    expect(seen.has(grayFile)).toBe(false);
    expect(seen.size).toBe(colourFiles.length);
    expect(a.stats.grayscaleFiles).toBe(1);
    const other = await new TrainingBatches(files, { ...opts, seed: 10 }).next();
    expect(Array.from(other.lab)).not.toEqual(Array.from((await new TrainingBatches(files, opts).next()).lab));
    await Promise.all([a.drain(), b.drain()]);
  });

  it('fails clearly when every image is grayscale or one cannot be read', async () => {
    await expect(new TrainingBatches([grayFile], opts).next()).rejects.toThrow(/all 1 training images are grayscale/);
    const bad = path.join(dir, 'broken.jpg');
    await writeFile(bad, 'not a jpeg');
    await expect(new TrainingBatches([bad], opts).next()).rejects.toThrow(/cannot read image .*broken\.jpg/);
    await rm(bad);
  });

  it('makes centre crops for validation without the grayscale images', async () => {
    const val = await loadCentreCrops([grayFile, ...colourFiles], { size: 32, resize: 40, max: 3 });
    expect(val.n).toBe(3);
    expect(val.files).toEqual(colourFiles.slice(0, 3));
  });
});

describe('estimatePriors', () => {
  it('counts colours on a sample, skips grayscale images and yields weights with E_p̃[w] = 1', async () => {
    const config = resolveConfig('tiny', { variant: 'coherent-rebal', priorImages: 10 });
    const bins = computeAbBins();
    const priors = await estimatePriors(await listImages(dir), config, bins);
    expect(priors.images).toBe(6);
    expect(priors.skippedGrayscale).toBe(1);
    expect(priors.colour.p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
    expect(priors.colour.weights.reduce((s, w, q) => s + w * priors.colour.pSmoothed[q], 0)).toBeCloseTo(1, 5);
    // w decreases with p̃: the most frequent (smoothed) bin has the smallest weight, an absent bin the largest.
    const common = priors.colour.pSmoothed.indexOf(Math.max(...priors.colour.pSmoothed));
    expect(priors.colour.weights[common]).toBe(Math.min(...priors.colour.weights));
    const rare = priors.colour.pSmoothed.indexOf(Math.min(...priors.colour.pSmoothed));
    expect(priors.colour.weights[rare]).toBe(Math.max(...priors.colour.weights));
    expect(priors.colour.weights[rare]).toBeGreaterThan(priors.colour.weights[common]);
    expect(priors.gradient!.weights.reduce((s, w, i) => s + w * priors.gradient!.p[i], 0)).toBeCloseTo(1, 5);
    const zhang = await estimatePriors([grayFile], resolveConfig('tiny', { variant: 'zhang' }), bins).catch((e: Error) => e);
    expect(String(zhang)).toMatch(/all 1 sampled images are grayscale/);
  });
});

describe('priorsMatch', () => {
  it('tells when a resume changed what the priors depend on', async () => {
    const bins = computeAbBins();
    const config = resolveConfig('tiny', { variant: 'coherent-rebal', priorImages: 3 });
    const priors = await estimatePriors(colourFiles, config, bins);
    expect(priorsMatch(priors, config)).toBe(true);
    expect(priorsMatch(priors, { ...config, steps: 99 })).toBe(true);
    expect(priorsMatch(priors, { ...config, lambda: 0.3 })).toBe(false);
    expect(priorsMatch(priors, { ...config, gradientBins: [0, 2, 4] })).toBe(false);
    expect(priorsMatch(priors, { ...config, gradientRebalance: false })).toBe(false);
    expect(priorsMatch(priors, { ...config, variant: 'zhang-norebal' })).toBe(false); // λ = 1 there
  });
});
