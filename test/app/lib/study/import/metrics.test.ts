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
    expect(readMethodMetrics(asList, 'other')).toEqual({ problem: `method "other" metrics ${asList}: no entry for "other" under "methods"` });
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
