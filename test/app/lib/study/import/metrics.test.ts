import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMethodMetrics } from '../../../../../app/lib/study/import/metrics';

describe('readMethodMetrics', () => {
  let dir: string;
  const write = (name: string, content: unknown) => {
    const file = path.join(dir, name);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'study-metrics-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a flat object, keeping finite numbers only', () => {
    const file = write('flat.json', { auc: 0.91, psnr: 24.5, method: 'zhang', ssim: null, images: 24 });
    expect(readMethodMetrics(file, 'zhang')).toEqual({ metrics: { auc: 0.91, psnr: 24.5, images: 24 } });
  });

  it('picks this method\'s entry from a file covering several methods', () => {
    const asMap = write('map.json', { methods: { zhang: { auc: 0.9 }, coherent: { auc: 0.92, coherence: 3.1 } } });
    expect(readMethodMetrics(asMap, 'coherent')).toEqual({ metrics: { auc: 0.92, coherence: 3.1 } });
    const asList = write('list.json', { methods: [{ name: 'zhang', auc: 0.9 }, { name: 'coherent', psnr: 22 }] });
    expect(readMethodMetrics(asList, 'zhang')).toEqual({ metrics: { auc: 0.9 } });
    expect(readMethodMetrics(asList, 'other')).toEqual({
      problem: `method "other" metrics ${asList}: no entry named "other" under "methods" (it has "zhang", "coherent")`,
    });
    expect(readMethodMetrics(asMap, 'other')).toEqual({
      problem: `method "other" metrics ${asMap}: no entry named "other" under "methods" (it has "zhang", "coherent")`,
    });
  });

  it('reads the JSON npm run evaluate writes, dropping folders, per-image rows and an infinite PSNR', () => {
    // The shape of model/metrics/report.ts toJson: a document with a `methods` array.
    const file = write('evaluate.json', {
      tool: 'npm run evaluate',
      created: '2026-11-26T12:00:00.000Z',
      real: '/photos/real',
      definitions: { auc: 'area under the CDF of per-pixel ab error, thresholds 0..150' },
      realPhotos: { n: 24, colorfulness: 38.2 },
      resizedColorizations: 0,
      methods: [
        { name: 'copy', dir: '/photos/real', n: 24, auc: 1, psnr: 'Infinity', ssim: 1, colorfulness: 38.2, coherence: 0, missing: [], extra: [], images: [{ image: 'a', auc: 1 }] },
        { name: 'zhang', dir: '/out/zhang', n: 24, auc: 0.89, psnr: 23.4, ssim: 0.91, colorfulness: 30.1, coherence: 4.2, missing: [], extra: [], images: [] },
      ],
    });
    expect(readMethodMetrics(file, 'zhang')).toEqual({ metrics: { n: 24, auc: 0.89, psnr: 23.4, ssim: 0.91, colorfulness: 30.1, coherence: 4.2 } });
    expect(readMethodMetrics(file, 'copy')).toEqual({ metrics: { n: 24, auc: 1, ssim: 1, colorfulness: 38.2, coherence: 0 } });
  });

  it('keeps evaluate\'s baselines beside the method\'s numbers as baseline.<name>.<metric>', () => {
    const file = write('with-baselines.json', {
      tool: 'npm run evaluate',
      methods: [{ name: 'zhang', dir: '/out/zhang', n: 2, auc: 0.8, aucRebal: 0.6, r: 0.31, rA: 0.3, rB: 0.32, psnrInfinite: 0, images: [] }],
      baselines: [
        { name: 'grayscale', baseline: true, n: 2, auc: 0.88, aucRebal: 0.58, r: null, rA: null, rB: null, psnr: 'Infinity', images: [{ image: 'a', auc: 0.88 }] },
        { name: 'constant', baseline: true, n: 2, auc: 0.89, aucRebal: 0.57, r: null },
        { name: 'bad name!', auc: 1 },
      ],
      constantAb: { a: 1.3, b: 11.8, source: 'mean ab of the 2 real photos evaluated' },
    });
    expect(readMethodMetrics(file, 'zhang')).toEqual({
      metrics: {
        n: 2, auc: 0.8, aucRebal: 0.6, r: 0.31, rA: 0.3, rB: 0.32, psnrInfinite: 0,
        'baseline.grayscale.n': 2, 'baseline.grayscale.auc': 0.88, 'baseline.grayscale.aucRebal': 0.58,
        'baseline.constant.n': 2, 'baseline.constant.auc': 0.89, 'baseline.constant.aucRebal': 0.57,
      },
    });
  });

  it('names the file and the problem when it is missing, not JSON, or holds no numbers', () => {
    const missing = path.join(dir, 'nope.json');
    expect(readMethodMetrics(missing, 'm')).toEqual({ problem: `method "m" metrics ${missing}: cannot read it (ENOENT)` });
    const bad = write('bad.json', '{ auc: ');
    expect((readMethodMetrics(bad, 'm') as { problem: string }).problem).toMatch(new RegExp(`^method "m" metrics ${bad.replace(/[.]/g, '\\.')}: not valid JSON`));
    const empty = write('empty.json', { note: 'none' });
    expect(readMethodMetrics(empty, 'm')).toEqual({ problem: `method "m" metrics ${empty}: expected an object of numbers (auc, psnr, ssim, ...)` });
  });
});
