import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labToSrgbPixel, srgbToLabPixel } from '../../../model/color/lab';
import { readRgbImage, writeRgbImage } from '../../../model/image/files';
import type { RgbImage } from '../../../model/image/rgb-image';
import { EvaluateError, evaluateFolders, scoreImage } from '../../../model/metrics/evaluate-folders';
import { formatTable, toCsv, toJson } from '../../../model/metrics/report';
import { colorfulness } from '../../../model/metrics/colorfulness';
import { patternPair } from './helpers';

let root: string;
let meanAbByHand: [number, number];
const dir = (name: string) => path.join(root, name);

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'evaluate-folders-'));
  for (const d of ['real', 'copy', 'half', 'grey', 'extra', 'none', 'empty', 'clash', 'links', 'one-same', 'swapped', 'gray-by-hand', 'const-by-hand']) await mkdir(dir(d));
  for (const [i, stem] of ['a', 'b', 'c'].entries()) {
    const [img] = patternPair(20 + 4 * i, 16);
    await writeRgbImage(path.join(dir('real'), `${stem}.png`), img);
    // A lossless copy under another extension: stems match, pixels identical.
    await sharp(path.join(dir('real'), `${stem}.png`)).webp({ lossless: true }).toFile(path.join(dir('copy'), `${stem}.webp`));
    await sharp(path.join(dir('real'), `${stem}.png`)).resize(10 + 2 * i, 8).png().toFile(path.join(dir('half'), `${stem}.png`));
    await sharp(path.join(dir('real'), `${stem}.png`)).grayscale().toColourspace('srgb').png().toFile(path.join(dir('grey'), `${stem}.png`));
    await writeRgbImage(path.join(dir('extra'), `${stem}.png`), img);
    await symlink(path.join(dir('real'), `${stem}.png`), path.join(dir('links'), `${stem}.png`));
    await writeRgbImage(path.join(dir('one-same'), `${stem}.png`), stem === 'a' ? img : patternPair(20 + 4 * i, 16)[1]);
    await writeRgbImage(path.join(dir('swapped'), `${stem}.png`), stem === 'b' ? patternPair(16, 24)[0] : img);
  }
  await symlink(dir('real'), dir('real-link'));
  // The baselines made by hand, pixel by pixel, from the 8-bit photos as read back.
  const reals = await Promise.all(['a', 'b', 'c'].map((stem) => readRgbImage(path.join(dir('real'), `${stem}.png`))));
  let sa = 0;
  let sb = 0;
  let n = 0;
  for (const r of reals) {
    for (let p = 0; p < r.width * r.height; p++) {
      const [, a, b] = srgbToLabPixel(r.data[3 * p], r.data[3 * p + 1], r.data[3 * p + 2]);
      sa += a;
      sb += b;
      n++;
    }
  }
  meanAbByHand = [sa / n, sb / n];
  const withAb = (r: RgbImage, a: number, b: number): RgbImage => {
    const data = new Float32Array(r.data.length);
    for (let p = 0; p < r.width * r.height; p++) {
      const [L] = srgbToLabPixel(r.data[3 * p], r.data[3 * p + 1], r.data[3 * p + 2]);
      data.set(labToSrgbPixel(L, a, b), 3 * p);
    }
    return { width: r.width, height: r.height, data };
  };
  for (const [i, stem] of ['a', 'b', 'c'].entries()) {
    await writeRgbImage(path.join(dir('gray-by-hand'), `${stem}.png`), withAb(reals[i], 0, 0));
    await writeRgbImage(path.join(dir('const-by-hand'), `${stem}.png`), withAb(reals[i], meanAbByHand[0], meanAbByHand[1]));
  }
  await writeRgbImage(path.join(dir('extra'), 'zzz.png'), patternPair(20, 16)[0]);
  await writeRgbImage(path.join(dir('none'), 'other.png'), patternPair(20, 16)[0]);
  await writeFile(path.join(dir('empty'), 'readme.txt'), 'no images here');
  await writeRgbImage(path.join(dir('clash'), 'a.png'), patternPair(20, 16)[0]);
  await writeRgbImage(path.join(dir('clash'), 'a.jpg'), patternPair(20, 16)[0]);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('evaluateFolders', () => {
  it('scores each method over the photos matched by stem; identical copies are perfect', async () => {
    const ticks: number[] = [];
    const result = await evaluateFolders({
      realDir: dir('real'),
      methods: [
        { name: 'copy', dir: dir('copy') },
        { name: 'grey', dir: dir('grey') },
      ],
      onProgress: (done, total) => ticks.push(done / total),
    });
    // 3 photos read for the mean ab, then per photo 2 methods and 2 baselines.
    expect(ticks).toEqual(Array.from({ length: 15 }, (_, i) => (i + 1) / 15));
    const [copy, grey] = result.methods;
    expect(copy.n).toBe(3);
    expect(copy.images.map((i) => i.image)).toEqual(['a', 'b', 'c']);
    expect(copy.auc).toBe(1);
    expect(copy.psnr).toBe(Infinity);
    expect(copy.psnrInfinite).toBe(3);
    expect(copy.aucRebal).toBe(1);
    expect(copy.rA).toBeCloseTo(1, 12);
    expect(copy.r).toBeCloseTo(1, 12);
    expect(grey.psnrInfinite).toBe(0);
    expect(copy.ssim).toBeCloseTo(1, 10);
    expect(copy.coherence).toBe(0);
    expect(grey.colorfulness).toBeCloseTo(0, 10);
    // Means are the means of the per-image values, each equal to a direct scoreImage call.
    const real = await readRgbImage(path.join(dir('real'), 'b.png'));
    const pred = await readRgbImage(path.join(dir('grey'), 'b.png'));
    const direct = scoreImage(real, pred);
    expect(grey.images[1].auc).toBeCloseTo(direct.auc, 12);
    expect(grey.images[1].ssim).toBeCloseTo(direct.ssim, 12);
    expect(grey.psnr).toBeCloseTo(grey.images.reduce((s, i) => s + i.psnr, 0) / 3, 12);
    expect(result.realColorfulness.n).toBe(3);
    expect(result.realColorfulness.mean).toBeCloseTo(copy.colorfulness, 10);
    const reals = await Promise.all(['a', 'b', 'c'].map((stem) => readRgbImage(path.join(dir('real'), `${stem}.png`))));
    expect(result.realColorfulness.mean).toBeCloseTo(reals.reduce((s, r) => s + colorfulness(r), 0) / 3, 10);
    expect(result.resizedCount).toBe(0);
  });

  it('refuses a colorization of another size, naming both files, unless allowResize', async () => {
    await expect(evaluateFolders({ realDir: dir('real'), methods: [{ name: 'half', dir: dir('half') }] })).rejects.toThrow(
      /half\/a\.png is 10 x 8 but its real photo .*real\/a\.png is 20 x 16: .*--allow-resize/,
    );
    const swapped = evaluateFolders({ realDir: dir('real'), methods: [{ name: 'swapped', dir: dir('swapped') }] });
    await expect(swapped).rejects.toThrow(/swapped\/b\.png is 16 x 24 but its real photo .*real\/b\.png is 24 x 16 \(width and height swapped\)/);
    await expect(swapped).rejects.toBeInstanceOf(EvaluateError);
    const result = await evaluateFolders({ realDir: dir('real'), methods: [{ name: 'half', dir: dir('half') }], allowResize: true });
    expect(result.resizedCount).toBe(3);
    expect(result.methods[0].images.every((i) => i.resized)).toBe(true);
    expect(result.methods[0].auc).toBeGreaterThan(0);
    expect(result.methods[0].auc).toBeLessThan(1);
  });

  it('scores the grayscale and constant baselines as the same images made by hand would score', async () => {
    const result = await evaluateFolders({
      realDir: dir('real'),
      methods: [
        { name: 'gray-by-hand', dir: dir('gray-by-hand') },
        { name: 'const-by-hand', dir: dir('const-by-hand') },
      ],
    });
    expect(result.constantAb.a).toBeCloseTo(meanAbByHand[0], 4);
    expect(result.constantAb.b).toBeCloseTo(meanAbByHand[1], 4);
    expect(result.constantAb.source).toMatch(/mean ab of the 3 real photos/);
    const [grayHand, constHand] = result.methods;
    const [gray, constant] = result.baselines;
    expect([gray.name, gray.baseline, constant.name, constant.baseline]).toEqual(['grayscale', 'grayscale', 'constant', 'constant']);
    for (const [baseline, byHand] of [
      [gray, grayHand],
      [constant, constHand],
    ]) {
      expect(baseline.n).toBe(3);
      // Within the odd 8-bit rounding step where Float32 and Float64 conversions land on either side of .5.
      expect(baseline.auc).toBeCloseTo(byHand.auc, 3);
      expect(baseline.aucRebal!).toBeCloseTo(byHand.aucRebal!, 3);
      expect(baseline.psnr).toBeCloseTo(byHand.psnr, 1);
      expect(baseline.ssim).toBeCloseTo(byHand.ssim, 3);
      expect(baseline.colorfulness).toBeCloseTo(byHand.colorfulness, 1);
      // A baseline's correlations are undefined by construction.
      expect([baseline.rA, baseline.rB, baseline.r]).toEqual([null, null, null]);
    }
    expect(gray.colorfulness).toBeCloseTo(0, 6);
    expect(constant.auc).not.toBeCloseTo(gray.auc, 3);
  });

  it('takes the constant baseline ab from the caller and records its source', async () => {
    const constantAb = { a: 20, b: -10, source: 'a test prior' };
    const result = await evaluateFolders({ realDir: dir('real'), methods: [{ name: 'copy', dir: dir('copy') }], constantAb });
    expect(result.constantAb).toEqual(constantAb);
    const withHandMean = await evaluateFolders({ realDir: dir('real'), methods: [{ name: 'copy', dir: dir('copy') }] });
    expect(result.baselines[1].auc).not.toBeCloseTo(withHandMean.baselines[1].auc, 3);
    expect(result.baselines[0].auc).toBe(withHandMean.baselines[0].auc);
    await expect(
      evaluateFolders({ realDir: dir('real'), methods: [{ name: 'copy', dir: dir('copy') }], constantAb: { a: NaN, b: 0, source: 'x' } }),
    ).rejects.toThrow(/two finite numbers/);
  });

  it('leaves an identical image\'s +Infinity PSNR out of the mean and counts it', async () => {
    const result = await evaluateFolders({ realDir: dir('real'), methods: [{ name: 'one-same', dir: dir('one-same') }] });
    const m = result.methods[0];
    expect(m.images.map((i) => i.psnr === Infinity)).toEqual([true, false, false]);
    expect(m.psnrInfinite).toBe(1);
    expect(m.psnr).toBeCloseTo((m.images[1].psnr + m.images[2].psnr) / 2, 12);
    expect(Number.isFinite(m.psnr)).toBe(true);
  });

  it('follows symbolic links to photos and to folders', async () => {
    const result = await evaluateFolders({ realDir: dir('real-link'), methods: [{ name: 'links', dir: dir('links') }] });
    expect(result.methods[0].n).toBe(3);
    expect(result.methods[0].auc).toBe(1);
  });

  it('refuses mismatched names unless allowPartial, then reports them', async () => {
    const methods = [{ name: 'extra', dir: dir('extra') }];
    await expect(evaluateFolders({ realDir: dir('real'), methods })).rejects.toThrow(/1 image\(s\) with no real photo of that name: zzz/);
    const result = await evaluateFolders({ realDir: dir('real'), methods, allowPartial: true });
    expect(result.methods[0].n).toBe(3);
    expect(result.methods[0].extra).toEqual(['zzz']);
  });

  it('gives clear errors for folders and names', async () => {
    const run = (realDir: string, methodDir: string, name = 'm') => evaluateFolders({ realDir, methods: [{ name, dir: methodDir }] });
    await expect(run(dir('nope'), dir('copy'))).rejects.toThrow(/real photos: folder not found: .*nope/);
    await expect(run(dir('real'), dir('nope'))).rejects.toThrow(/method "m": folder not found/);
    await expect(run(dir('real'), dir('none'))).rejects.toThrow(/no image in .* has the name of a real photo \(its names: other; real: a, b, c\)/);
    await expect(run(dir('real'), dir('empty'))).rejects.toThrow(/no images .* in .*empty/);
    await expect(run(dir('real'), dir('clash'))).rejects.toThrow(/a\.jpg and a\.png/);
    await expect(run(dir('real'), path.join(dir('real'), 'a.png'))).rejects.toThrow(/is not a folder/);
    await expect(
      evaluateFolders({ realDir: dir('real'), methods: [{ name: 'x', dir: dir('copy') }, { name: 'x', dir: dir('grey') }] }),
    ).rejects.toThrow(/unique; repeated: x/);
    await expect(run(dir('real'), dir('none'))).rejects.toBeInstanceOf(EvaluateError);
  });
});

describe('report', () => {
  it('formats a table, JSON (Infinity as a string) and long CSV', async () => {
    const result = await evaluateFolders({
      realDir: dir('real'),
      methods: [
        { name: 'copy', dir: dir('copy') },
        { name: 'grey', dir: dir('grey') },
      ],
    });
    const table = formatTable(result).split('\n');
    expect(table[0]).toMatch(/^method\s+n\s+AuC %\s+PSNR dB\s+SSIM\s+colourful\s+coherence\s+AuC rebal %\s+r ab\s+r a\s+r b$/);
    expect(table[2]).toMatch(/^copy\s+3\s+100\.00\s+inf\s+1\.0000\s+\d+\.\d\d\s+0\.00\s+100\.00\s+1\.000\s+1\.000\s+1\.000$/);
    expect(table[4]).toMatch(/^grayscale \(baseline\)\s+3\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+0\.00\s+[\d.]+\s+[\d.]+\s+—\s+—\s+—$/);
    expect(table[5]).toMatch(/^constant \(baseline\)\s+3\s/);
    expect(table[6]).toMatch(/^real photos\s+3\s+-\s+-\s+-\s+\d+\.\d\d\s+-\s+-\s+-\s+-\s+-$/);
    const json = JSON.parse(toJson(result, new Date('2026-01-02T03:04:05Z')));
    expect(json.created).toBe('2026-01-02T03:04:05.000Z');
    expect(json.methods.map((m: { name: string }) => m.name)).toEqual(['copy', 'grey']);
    expect(json.methods[0].psnr).toBe('Infinity');
    expect(json.methods[0].psnrInfinite).toBe(3);
    expect(json.methods[1].auc).toBeCloseTo(result.methods[1].auc, 12);
    expect(json.methods[1].aucRebal).toBeCloseTo(result.methods[1].aucRebal!, 12);
    expect(json.methods[1].images).toHaveLength(3);
    expect(json.baselines.map((m: { name: string; baseline: boolean; r: null }) => [m.name, m.baseline, m.r])).toEqual([
      ['grayscale', true, null],
      ['constant', true, null],
    ]);
    expect(json.constantAb).toEqual(result.constantAb);
    expect(Object.keys(json.definitions)).toEqual(['auc', 'psnr', 'ssim', 'colorfulness', 'coherence', 'aucRebal', 'r', 'rA', 'rB']);
    const csv = toCsv(result).trim().split('\n');
    expect(csv[0]).toBe('method,kind,image,n,auc,psnr,ssim,colorfulness,coherence,aucRebal,r,rA,rB');
    expect(csv[1]).toMatch(/^copy,method,\(mean\),3,1,Inf,[\d.]+,[\d.]+,0,1,1,1,1$/);
    expect(csv[2]).toMatch(/^copy,method,a,1,1,Inf,[\d.]+,[\d.]+,0,,,,$/);
    expect(csv).toHaveLength(1 + 4 * 4 + 1);
    expect(csv.find((l) => l.startsWith('grayscale,'))).toMatch(/^grayscale,baseline,\(mean\),3,[\d.]+,[\d.]+,[\d.]+,[\d.e-]+,[\d.]+,[\d.]+,,,$/);
    expect(csv[csv.length - 1]).toMatch(/^real photos,real,\(mean\),3,,,,[\d.]+,,,,,$/);
  });
});
