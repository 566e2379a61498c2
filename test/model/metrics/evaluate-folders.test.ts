import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRgbImage, writeRgbImage } from '../../../model/image/files';
import { EvaluateError, evaluateFolders, scoreImage } from '../../../model/metrics/evaluate-folders';
import { formatTable, toCsv, toJson } from '../../../model/metrics/report';
import { colorfulness } from '../../../model/metrics/colorfulness';
import { patternPair } from './helpers';

let root: string;
const dir = (name: string) => path.join(root, name);

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'evaluate-folders-'));
  for (const d of ['real', 'copy', 'half', 'grey', 'extra', 'none', 'empty', 'clash']) await mkdir(dir(d));
  for (const [i, stem] of ['a', 'b', 'c'].entries()) {
    const [img] = patternPair(20 + 4 * i, 16);
    await writeRgbImage(path.join(dir('real'), `${stem}.png`), img);
    // A lossless copy under another extension: stems match, pixels identical.
    await sharp(path.join(dir('real'), `${stem}.png`)).webp({ lossless: true }).toFile(path.join(dir('copy'), `${stem}.webp`));
    await sharp(path.join(dir('real'), `${stem}.png`)).resize(10 + 2 * i, 8).png().toFile(path.join(dir('half'), `${stem}.png`));
    await sharp(path.join(dir('real'), `${stem}.png`)).grayscale().toColourspace('srgb').png().toFile(path.join(dir('grey'), `${stem}.png`));
    await writeRgbImage(path.join(dir('extra'), `${stem}.png`), img);
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
    expect(ticks).toEqual([1 / 6, 2 / 6, 3 / 6, 4 / 6, 5 / 6, 1]);
    const [copy, grey] = result.methods;
    expect(copy.n).toBe(3);
    expect(copy.images.map((i) => i.image)).toEqual(['a', 'b', 'c']);
    expect(copy.auc).toBe(1);
    expect(copy.psnr).toBe(Infinity);
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

  it('resizes colorizations of another size to the real photo and counts them', async () => {
    const result = await evaluateFolders({ realDir: dir('real'), methods: [{ name: 'half', dir: dir('half') }] });
    expect(result.resizedCount).toBe(3);
    expect(result.methods[0].images.every((i) => i.resized)).toBe(true);
    expect(result.methods[0].auc).toBeGreaterThan(0);
    expect(result.methods[0].auc).toBeLessThan(1);
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
    expect(table[0]).toMatch(/^method\s+n\s+AuC %\s+PSNR dB\s+SSIM\s+colourful\s+coherence$/);
    expect(table[2]).toMatch(/^copy\s+3\s+100\.00\s+inf\s+1\.0000\s+\d+\.\d\d\s+0\.00$/);
    expect(table[4]).toMatch(/^real photos\s+3\s+-\s+-\s+-\s+\d+\.\d\d\s+-$/);
    const json = JSON.parse(toJson(result, new Date('2026-01-02T03:04:05Z')));
    expect(json.created).toBe('2026-01-02T03:04:05.000Z');
    expect(json.methods.map((m: { name: string }) => m.name)).toEqual(['copy', 'grey']);
    expect(json.methods[0].psnr).toBe('Infinity');
    expect(json.methods[1].auc).toBeCloseTo(result.methods[1].auc, 12);
    expect(json.methods[1].images).toHaveLength(3);
    expect(Object.keys(json.definitions)).toEqual(['auc', 'psnr', 'ssim', 'colorfulness', 'coherence']);
    const csv = toCsv(result).trim().split('\n');
    expect(csv[0]).toBe('method,image,n,auc,psnr,ssim,colorfulness,coherence');
    expect(csv[1]).toMatch(/^copy,\(mean\),3,1,Inf,/);
    expect(csv).toHaveLength(1 + 2 * 4 + 1);
    expect(csv[csv.length - 1]).toMatch(/^real photos,\(mean\),3,,,,[\d.]+,$/);
  });
});
