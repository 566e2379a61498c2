// `npm run evaluate` end to end: the real script in a child process on small images written
// with sharp into a temporary folder.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeAbBins } from '../../model/color/bins';

const repo = path.resolve(import.meta.dirname, '../..');
const script = path.join(repo, 'scripts/evaluate.ts');
let root: string;
const dir = (name: string) => path.join(root, name);

/** Runs the script from the repository root; arguments starting with @ are folders under the temp root. */
function evaluate(...args: string[]) {
  const resolved = args.map((a) => a.replace(/@([\w/.]+)/g, (_m, p: string) => path.join(root, p)));
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...resolved], { encoding: 'utf8', cwd: repo, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A 24 x 18 photo with a smooth colour gradient, different per seed. */
function photo(seed: number): ReturnType<typeof sharp> {
  const w = 24;
  const h = 18;
  const data = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = 3 * (y * w + x);
      data[i] = (x * 10 + seed * 40) % 256;
      data[i + 1] = (y * 12 + seed * 70) % 256;
      data[i + 2] = (x * y + seed * 20) % 256;
    }
  }
  return sharp(data, { raw: { width: w, height: h, channels: 3 } });
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'evaluate-cli-'));
  for (const d of ['real', 'same', 'grey', 'small', 'renamed', 'broken']) await mkdir(dir(d));
  for (const [i, stem] of ['p1', 'p2'].entries()) {
    await photo(i).png().toFile(path.join(dir('real'), `${stem}.png`));
    await photo(i).png().toFile(path.join(dir('same'), `${stem}.png`));
    await photo(i).grayscale().toColourspace('srgb').png().toFile(path.join(dir('grey'), `${stem}.png`));
    await photo(i).resize(12, 9).jpeg().toFile(path.join(dir('small'), `${stem}.jpg`));
    await photo(i).png().toFile(path.join(dir('renamed'), `${stem}_color.png`));
  }
  await photo(0).png().toFile(path.join(dir('broken'), 'p1.png'));
  await writeFile(path.join(dir('broken'), 'p2.png'), 'this is not a PNG');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('npm run evaluate', () => {
  it('prints a table per method and baseline, writes JSON and CSV', async () => {
    const r = evaluate(
      '--real', '@real',
      '--method', 'same=@same',
      '--method', 'grey=@grey',
      '--out', '@out/r.json',
      '--out', '@out/r.csv',
    );
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^method\s+n\s+AuC %\s+PSNR dB\s+SSIM\s+colourful\s+coherence\s+AuC rebal %\s+r ab\s+r a\s+r b$/);
    expect(lines.find((l) => l.startsWith('same '))).toMatch(/^same\s+2\s+100\.00\s+inf\s+1\.0000\s+[\d.]+\s+0\.00\s+100\.00\s+1\.000\s+1\.000\s+1\.000$/);
    expect(lines.find((l) => l.startsWith('grey '))).toMatch(/^grey\s+2\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+0\.00\s+[\d.]+\s+[\d.]+\s+—\s+—\s+—$/);
    expect(lines.find((l) => l.startsWith('grayscale (baseline) '))).toMatch(/^grayscale \(baseline\)\s+2\s/);
    expect(lines.find((l) => l.startsWith('constant (baseline) '))).toMatch(/^constant \(baseline\)\s+2\s/);
    expect(r.stdout).toMatch(/aucRebal: class-rebalanced AuC/);
    expect(r.stderr).toMatch(/2 image\(s\) of method "same" are identical to their photo \(PSNR \+inf\), left out of its PSNR mean/);
    expect(r.stderr).toMatch(/the constant baseline is ab = \(-?[\d.]+, -?[\d.]+\), mean ab of the 2 real photos evaluated/);
    expect(r.stderr).toMatch(/evaluate .*10\/10/); // the plain progress fallback (not a TTY): 2 x 2 methods, 2 x 2 baselines, 2 photos for the mean ab
    const json = JSON.parse(await readFile(dir('out/r.json'), 'utf8'));
    expect(json.methods.map((m: { name: string; n: number }) => [m.name, m.n])).toEqual([
      ['same', 2],
      ['grey', 2],
    ]);
    expect(json.methods[0].auc).toBe(1);
    expect(json.baselines.map((m: { name: string }) => m.name)).toEqual(['grayscale', 'constant']);
    expect(json.constantAb.source).toMatch(/mean ab/);
    const csv = (await readFile(dir('out/r.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('method,kind,image,n,auc,psnr,ssim,colorfulness,coherence,aucRebal,r,rA,rB');
    expect(csv.filter((l) => l.includes('(mean)'))).toHaveLength(5);
  });

  it('refuses colorizations of another size, naming the files, unless --allow-resize', async () => {
    const refused = evaluate('--real', '@real', '--method', 'small=@small');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/small\/p1\.jpg is 12 x 9 but its real photo .*real\/p1\.png is 24 x 18: .*--allow-resize/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    const r = evaluate('--real', '@real', '--method', 'small=@small', '--allow-resize', '--out', '@out/small.json');
    expect(r.code).toBe(0);
    expect(r.stderr.match(/resized/g)).toHaveLength(1);
    expect(r.stderr).toMatch(/2 colorization\(s\) differ in size/);
    const json = JSON.parse(await readFile(dir('out/small.json'), 'utf8'));
    expect(json.methods[0].images.map((i: { resized: boolean }) => i.resized)).toEqual([true, true]);
  });

  it('takes the constant baseline from --constant-ab or a run\'s colour prior', async () => {
    const given = evaluate('--real', '@real', '--method', 'same=@same', '--constant-ab', '5,-12.5', '--out', '@out/c.json');
    expect(given.code).toBe(0);
    expect(JSON.parse(await readFile(dir('out/c.json'), 'utf8')).constantAb).toEqual({ a: 5, b: -12.5, source: '--constant-ab' });
    // A prior with all its mass on two bins: the mean ab is their weighted centre.
    const bins = computeAbBins();
    const p = new Array(bins.Q).fill(0);
    p[10] = 1;
    p[300] = 3;
    await mkdir(dir('run'), { recursive: true });
    await writeFile(path.join(dir('run'), 'prior.json'), JSON.stringify({ colour: { p } }));
    const fromPrior = evaluate('--real', '@real', '--method', 'same=@same', '--constant-prior', '@run', '--out', '@out/p.json');
    expect(fromPrior.code).toBe(0);
    const c = JSON.parse(await readFile(dir('out/p.json'), 'utf8')).constantAb;
    expect(c.a).toBeCloseTo((bins.centers[20] + 3 * bins.centers[600]) / 4, 4);
    expect(c.b).toBeCloseTo((bins.centers[21] + 3 * bins.centers[601]) / 4, 4);
    expect(c.source).toMatch(/colour prior .*run\/prior\.json/);
  });

  it('explains a bad constant baseline in one line, exit 2', () => {
    expect(evaluate('--real', '@real', '--method', 'same=@same', '--constant-ab', '5').stderr).toMatch(/--constant-ab expects two numbers A,B/);
    expect(evaluate('--real', '@real', '--method', 'same=@same', '--constant-prior', '@nowhere').stderr).toMatch(/--constant-prior: cannot read .*nowhere: ENOENT/);
    const both = evaluate('--real', '@real', '--method', 'same=@same', '--constant-prior', '@run', '--constant-ab', '1,2');
    expect([both.code, both.stderr.trim()]).toEqual([2, 'evaluate: give --constant-ab or --constant-prior, not both (see --help)']);
  });

  it('names mismatched images and exits 2', () => {
    const r = evaluate('--real', '@real', '--method', 'renamed=@renamed');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/method "renamed": no image in .*renamed has the name of a real photo \(its names: p1_color, p2_color; real: p1, p2\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('names an unreadable image and exits 2', () => {
    const r = evaluate('--real', '@real', '--method', 'broken=@broken');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read image .*broken\/p2\.png/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('explains a missing folder and bad arguments in one line, exit 2', () => {
    const missing = evaluate('--real', '@nowhere', '--method', 'same=@same');
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe(`evaluate: real photos: folder not found: ${dir('nowhere')}`);
    const badMethod = evaluate('--real', '@real', '--method', 'same');
    expect(badMethod.code).toBe(2);
    expect(badMethod.stderr.trim()).toBe('evaluate: --method expects NAME=DIR, got "same" (see --help)');
    const badOut = evaluate('--real', '@real', '--method', 'same=@same', '--out', '@r.txt');
    expect(badOut.stderr).toMatch(/--out must end in \.json or \.csv/);
    expect(evaluate('--real', '@real').stderr).toMatch(/at least one --method/);
    expect(evaluate('--bogus').code).toBe(2);
    const help = evaluate('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run evaluate/);
  });
});
