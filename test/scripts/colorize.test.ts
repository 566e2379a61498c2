// `npm run colorize` end to end with a (randomly initialised) tiny model saved as a run folder.
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../model/backend/select';
import { computeAbBins } from '../../model/color/bins';
import { resolveConfig } from '../../model/config';
import { imageSize } from '../../model/image/files';
import { saveCheckpoint } from '../../model/io/checkpoint';
import { ColorizerNet, netSpecOf } from '../../model/nets/colorizer';

const root = path.resolve(import.meta.dirname, '../..');
const PHOTOS = path.join(root, 'test/fixtures/model/photos');
let dir: string;
let run: string;
let input: string;

function colorize(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/colorize.ts'), ...args], { cwd: root });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code, stderr }));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'colorize-cli-'));
  await selectBackend('wasm');
  const config = resolveConfig('tiny', { variant: 'coherent' });
  const net = new ColorizerNet(netSpecOf(config, computeAbBins().Q), 1);
  run = path.join(dir, 'run');
  await saveCheckpoint(path.join(run, 'checkpoint'), net, null, { step: 3, config, adamSteps: 0, bestValLoss: null });
  net.dispose();
  input = path.join(dir, 'in');
  await mkdir(input);
  for (const f of ['clothing-1.jpg', 'clothing-2.jpg']) await copyFile(path.join(PHOTOS, f), path.join(input, f));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run colorize', () => {
  it('writes colorizations and ab views at each input\'s size (here on two threads)', async () => {
    const out = path.join(dir, 'out');
    const r = await colorize(['--model', run, '--in', input, '--out', out, '--ab-views', '--T', '0.2', '--backend', 'wasm', '--threads', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/backend: wasm — WebAssembly \(SIMD, 2 threads/);
    expect(r.stderr).toMatch(/model: coherent\/tiny at step 3, decoding at T = 0.2/);
    expect((await readdir(out)).sort()).toEqual(['ab-views', 'clothing-1.png', 'clothing-2.png']);
    expect((await readdir(path.join(out, 'ab-views'))).sort()).toEqual(['clothing-1.png', 'clothing-2.png']);
    for (const name of ['clothing-1', 'clothing-2']) {
      const size = await imageSize(path.join(input, `${name}.jpg`));
      expect(await imageSize(path.join(out, `${name}.png`))).toEqual(size);
      expect(await imageSize(path.join(out, 'ab-views', `${name}.png`))).toEqual(size);
    }
  }, 120_000);

  it('goes on past an unreadable image, names it, and exits with 2', async () => {
    const bad = path.join(dir, 'bad-in');
    await mkdir(bad);
    await copyFile(path.join(PHOTOS, 'clothing-3.jpg'), path.join(bad, 'ok.jpg'));
    await writeFile(path.join(bad, 'broken.jpg'), 'not a jpeg');
    const out = path.join(dir, 'bad-out');
    const r = await colorize(['--model', run, '--in', bad, '--out', out, '--backend', 'wasm']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/1 image\(s\) failed:\n\s+.*broken\.jpg: cannot read image/);
    expect(await readdir(out)).toEqual(['ok.png']);
  }, 120_000);

  it('rejects bad arguments with one line and exit code 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--model', path.join(dir, 'nothing'), '--in', input, '--out', path.join(dir, 'o1'), '--backend', 'cpu'], /^colorize: no model found in .*nothing/],
      [['--model', run, '--in', path.join(dir, 'nope'), '--out', path.join(dir, 'o2')], /^colorize: --in: not found: /],
      [['--model', run, '--in', input, '--out', path.join(dir, 'o3'), '--T', '0'], /^colorize: --T must be a positive number, got '0'/],
      [['--model', run, '--in', input], /^colorize: --model, --in and --out are required/],
      [['--model', run, '--in', input, '--out', path.join(dir, 'o4'), '--temperature', '1'], /^colorize: unknown option --temperature/],
      [['--model', run, '--in', input, '--out', path.join(dir, 'o5'), '--prior-correction', '2'], /^colorize: --prior-correction must be a number from 0 to 1, got '2'/],
      [['--model', run, '--in', input, '--out', path.join(dir, 'o6'), '--prior-correction', '0.5', '--backend', 'cpu'], /^colorize: prior correction applies to the zhang variants' class distribution; a coherent model decodes without it/],
      [['--model', run, '--in', input, '--out', path.join(dir, 'o7'), '--threads', 'two'], /^colorize: --threads must be a whole number >= 1, got 'two'/],
    ];
    const results = await Promise.all(cases.map(([args]) => colorize(args)));
    results.forEach((r, i) => {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.split('\n').find((l) => l.startsWith('colorize: '))).toMatch(cases[i][1]);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }, 120_000);
});
