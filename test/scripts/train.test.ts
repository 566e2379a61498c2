// `npm run train` end to end on the tiny preset and the eight test photos.
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const PHOTOS = path.join(root, 'test/fixtures/model/photos');
let dir: string;

/**
 * Runs the CLI (asynchronously, so the other test file's worker keeps its core); a process
 * still running after `killAfterMs` is killed and reported with code null.
 */
function train(args: string[], killAfterMs = 200_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/train.ts'), ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => p.kill('SIGKILL'), killAfterMs);
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The error line (after informational lines such as the backend's; usage may follow it). */
const errorLine = (stderr: string) => stderr.split('\n').find((l) => l.startsWith('train: ')) ?? stderr;

const metrics = async (run: string) =>
  (await readFile(path.join(run, 'metrics.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, number | string>);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'train-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run train', () => {
  it('trains, validates, checkpoints and plots; --resume continues the step count', async () => {
    const run = path.join(dir, 'run');
    const common = ['--backend', 'wasm', '--log-every', '1'];
    const first = await train(['--data', PHOTOS, '--out', run, '--preset', 'tiny', '--variant', 'coherent', '--steps', '4', '--eval-every', '2', '--save-every', '2', ...common]);
    expect(first.stderr).toMatch(/backend: wasm/);
    expect(first.stderr).toMatch(/done at step 4/);
    expect(first.stderr).toMatch(/ms waiting for data/);
    expect(first.code).toBe(0);
    expect((await readdir(run)).sort()).toEqual(['checkpoint', 'config.json', 'loss-curve.png', 'loss-curve.svg', 'metrics.jsonl', 'prior.json', 'split.json']);
    expect((await readdir(path.join(run, 'checkpoint'))).sort()).toEqual(['model.json', 'optimizer.bin', 'optimizer.json', 'weights.bin']);
    const record = JSON.parse(await readFile(path.join(run, 'config.json'), 'utf8'));
    expect(record.config).toMatchObject({ variant: 'coherent', preset: 'tiny', steps: 4, seed: 1 });
    expect(record.data).toBe(PHOTOS);
    expect(record.backend).toMatch(/^wasm/);
    const prior = JSON.parse(await readFile(path.join(run, 'prior.json'), 'utf8'));
    expect(prior.colour.weights).toHaveLength(313);
    const rows = await metrics(run);
    const trainRows = rows.filter((r) => r.kind === 'train');
    expect(trainRows.map((r) => r.step)).toEqual([1, 2, 3, 4]);
    expect(Object.keys(trainRows[0])).toEqual(expect.arrayContaining(['loss', 'cls', 'coherence', 'regulariser', 'imagesPerSec', 'stepMs', 'waitMs', 'loadMs']));
    // tf.memory().numTensors after each step: constant once Adam's moments exist.
    expect(new Set(trainRows.slice(1).map((r) => r.tensors)).size).toBe(1);
    const val = rows.filter((r) => r.kind === 'val');
    expect(val.map((r) => r.step)).toEqual([2, 4]);
    expect(Object.keys(val[0])).toEqual(expect.arrayContaining(['loss', 'auc', 'psnr', 'ssim', 'colorfulness', 'coherenceScore']));
    // The pooled metrics and both baselines on the same held-out crops; an undefined r is null.
    expect(Object.keys(val[0])).toEqual(expect.arrayContaining(['aucRebal', 'r', 'rA', 'rB', 'baseline.grayscale.auc', 'baseline.grayscale.aucRebal', 'baseline.constant.auc', 'baseline.constant.a']));
    expect(val[0]['baseline.grayscale.colorfulness']).toBeCloseTo(0, 3);
    expect(val[0].r === null || (typeof val[0].r === 'number' && Math.abs(val[0].r) <= 1)).toBe(true);
    expect(await readFile(path.join(run, 'loss-curve.svg'), 'utf8')).toMatch(/^<svg[\s\S]*polyline[\s\S]*<\/svg>\s*$/);

    const second = await train(['--out', run, '--resume', '--steps', '6', ...common]);
    expect(second.stderr).toMatch(/steps 5\.\.6/);
    expect(second.code).toBe(0);
    const resumed = (await metrics(run)).filter((r) => r.kind === 'train').map((r) => r.step);
    expect(resumed).toEqual([1, 2, 3, 4, 5, 6]);
    const record2 = JSON.parse(await readFile(path.join(run, 'config.json'), 'utf8'));
    expect(record2.config.steps).toBe(6);
    expect(record2.resumes).toHaveLength(1);
    expect(record2.resumes[0]).toMatchObject({ fromStep: 4, overrides: { steps: '6' } });
    expect(JSON.parse(await readFile(path.join(run, 'checkpoint/model.json'), 'utf8')).userDefinedMetadata.step).toBe(6);

    // Refusals, each one line and exit code 2, nothing overwritten.
    const arch = await train(['--out', run, '--resume', '--steps', '8', '--widths', '8,8,8,8,8,8,8,8', ...common]);
    expect(arch.code).toBe(2);
    expect(errorLine(arch.stderr)).toMatch(/^train: refusing to resume: widths \[8,16,16,32,32,32,32,16\] -> \[8,8,8,8,8,8,8,8\] would change the network$/);
    const done = await train(['--out', run, '--resume', ...common]);
    expect(done.code).toBe(2);
    expect(done.stderr).toMatch(/already at step 6 of 6: give a larger --steps/);
    const again = await train(['--data', PHOTOS, '--out', run, '--preset', 'tiny', ...common]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds a run: add --resume/);
    expect((await metrics(run)).filter((r) => r.kind === 'train')).toHaveLength(6);
  }, 240_000);

  it('rejects bad input with one line and exit code 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--data', PHOTOS, '--out', path.join(dir, 'x'), '--preset', 'tiny', '--lr', 'fast'], /^train: setting 'lr' must be a number, got "fast"$/],
      [['--data', PHOTOS, '--out', path.join(dir, 'x'), '--preset', 'tiny', '--learning-rate', '1'], /^train: unknown setting 'learningRate'/],
      [['--data', path.join(dir, 'nope'), '--out', path.join(dir, 'y'), '--preset', 'tiny', '--backend', 'cpu'], /^train: data folder not found: /],
      [['--data', PHOTOS, '--preset', 'tiny'], /^train: --out runs\/NAME is required/],
      [['--out', path.join(dir, 'z'), '--resume'], /^train: no run to resume in /],
      [['--data', PHOTOS, '--out', path.join(dir, 'w'), '--backend', 'tensorflow'], /^train: backend 'tensorflow' is unavailable: @tensorflow\/tfjs-node-gpu is not installed/],
      [['--data', PHOTOS, '--out', path.join(dir, 'v'), '--preset', 'tiny', '--threads', '0'], /^train: threads must be a positive integer, got 0$/],
    ];
    const results = await Promise.all(cases.map(([args]) => train(args)));
    results.forEach((r, i) => {
      expect(r.code, r.stderr).toBe(2);
      expect(errorLine(r.stderr)).toMatch(cases[i][1]);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    });
  }, 120_000);

  it('--init-from warm-starts a coherent head on a zhang run; --freeze-baseline keeps the baseline as it was', async () => {
    const common = ['--backend', 'wasm', '--preset', 'tiny', '--data', PHOTOS, '--log-every', '1'];
    // The tiny preset's default up-sampling would also do; bilinear is what the bundled models use.
    const base = path.join(dir, 'base');
    // --stop-at: a checkpoint at step 2 of a run planned (and scheduled) for 3.
    expect((await train([...common, '--out', base, '--variant', 'zhang', '--steps', '3', '--stop-at', '2', '--upsample', 'bilinear'])).code).toBe(0);
    expect(JSON.parse(await readFile(path.join(base, 'config.json'), 'utf8')).config.steps).toBe(3);
    const head = path.join(dir, 'head');
    const r = await train([...common, '--out', head, '--variant', 'coherent-rebal', '--steps', '2', '--upsample', 'bilinear', '--init-from', base, '--freeze-baseline', '--grad-norm-every', '1']);
    expect(r.code, r.stderr).toBe(0);
    const record = JSON.parse(await readFile(path.join(head, 'config.json'), 'utf8'));
    expect(record.config.freezeBaseline).toBe(true);
    expect(record.initFrom).toMatchObject({ from: base, step: 2, variant: 'zhang' });
    expect(record.initFrom.kept.every((n: string) => /^(branch_|refine_)/.test(n))).toBe(true);
    const weightsOf = async (run: string) => {
      const { loadCheckpoint } = await import('../../model/io/checkpoint');
      const { net } = await loadCheckpoint(path.join(run, 'checkpoint'));
      const out = Object.fromEntries(await Promise.all([...net.params].map(async ([n, v]) => [n, Array.from(await v.data())] as const)));
      net.dispose();
      return out;
    };
    const [a, b] = [await weightsOf(base), await weightsOf(head)];
    for (const name of ['conv1_1/kernel', 'conv8_1/kernel', 'conv4_norm/var_ema', 'conv8_out/bias']) expect(b[name], name).toEqual(a[name]);
    const grads = (await metrics(head)).filter((row) => row.kind === 'grad');
    expect(grads.map((row) => row.step)).toEqual([1, 2]);
    expect(Number(grads[0].coherence)).toBeGreaterThan(0);
    expect(Number(grads[0].regulariser)).toBeGreaterThan(0);

    const missing = await train([...common, '--out', path.join(dir, 'head2'), '--variant', 'coherent', '--init-from', path.join(dir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(errorLine(missing.stderr)).toMatch(/^train: --init-from .*nope: no checkpoint there/);
    const frozen = await train([...common, '--out', path.join(dir, 'head3'), '--variant', 'coherent', '--freeze-baseline']);
    expect(frozen.code).toBe(2);
    expect(errorLine(frozen.stderr)).toMatch(/^train: freezeBaseline needs --init-from RUN/);
  }, 240_000);

  it('saves a checkpoint on Ctrl-C even when the signal arrives twice and npm adds a SIGTERM', async () => {
    const run = path.join(dir, 'interrupted');
    const p = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/train.ts'), '--data', PHOTOS, '--out', run, '--preset', 'tiny', '--steps', '100000', '--backend', 'wasm', '--log-every', '1'], { cwd: root });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => p.on('close', resolve));
    // Wait for a few logged steps, then interrupt as a terminal and `npm run` together do.
    for (let i = 0; i < 600 && !/step 5 /.test(stderr); i++) await new Promise((r) => setTimeout(r, 100));
    for (const signal of ['SIGINT', 'SIGINT', 'SIGTERM'] as const) p.kill(signal);
    expect(await exited).toBe(0);
    const stopped = Number(/stopped at step (\d+)/.exec(stderr)?.[1]);
    expect(stopped).toBeGreaterThanOrEqual(5);
    expect(JSON.parse(await readFile(path.join(run, 'checkpoint/model.json'), 'utf8')).userDefinedMetadata.step).toBe(stopped);
  }, 120_000);

  it('--threads 2 trains on tfjs\'s threaded WASM build, and the process ends when the run does', async () => {
    const run = path.join(dir, 'threads');
    // The pool's worker threads must not hold the process open: a hang is killed and fails here.
    const r = await train(['--data', PHOTOS, '--out', run, '--preset', 'tiny', '--variant', 'zhang', '--steps', '2', '--backend', 'wasm', '--threads', '2'], 90_000);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/backend: wasm — WebAssembly \(SIMD, 2 threads: tfjs's threaded build in worker threads\)/);
    expect(r.stderr).toMatch(/done at step 2/);
    const record = JSON.parse(await readFile(path.join(run, 'config.json'), 'utf8'));
    expect(record.config.threads).toBe(2);
    expect(record.backend).toMatch(/^wasm: WebAssembly \(SIMD, 2 threads/);
  }, 120_000);

  it('copes with grayscale images in the data (they are skipped)', async () => {
    // Covered in depth by test/model/dataset; here only that the CLI runs on a mixed folder.
    const data = path.join(dir, 'mixed');
    await cp(PHOTOS, data, { recursive: true });
    const sharp = (await import('sharp')).default;
    await sharp({ create: { width: 48, height: 48, channels: 3, background: { r: 90, g: 90, b: 90 } } }).png().toFile(path.join(data, 'gray.png'));
    const r = await train(['--data', data, '--out', path.join(dir, 'mixed-run'), '--preset', 'tiny', '--variant', 'zhang', '--steps', '2', '--backend', 'wasm']);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);
});
