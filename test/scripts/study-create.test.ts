import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../app/lib/db/client';
import { resolveDatabase } from '../../app/lib/db/url';
import { writeFixtureFolders, type FixtureFolders } from '../helpers/study-fixture';

const root = path.resolve(import.meta.dirname, '../..');

/** Runs the CLI as a user would (through tsx), with its own database. */
function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/study-create.ts'), ...args], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run study:create', () => {
  let folders: FixtureFolders;
  let env: Record<string, string>;
  beforeAll(async () => {
    folders = await writeFixtureFolders({ id: 'cli', images: 13 });
    env = { DATABASE_URL: path.join(folders.dir, 'studies.db') };
  });
  afterAll(() => rmSync(folders.dir, { recursive: true, force: true }));

  it('creates a study from a YAML config and prints the summary', async () => {
    const yamlFile = path.join(folders.dir, 'study.yaml');
    writeFileSync(yamlFile, YAML.stringify(folders.configInput));
    const { code, stdout, stderr } = await run(['--config', yamlFile], env);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(code).toBe(0);
    expect(stdout).toContain('study "cli" created: Fixture study cli');
    // 13 reals + 13 x 2 colorizations + 13 attention images
    expect(stdout).toMatch(/images: +13 photos, 52 stored images/);
    expect(stdout).toMatch(/methods: +alpha, beta \(\+ generated attention checks\)/);
    expect(stdout).toMatch(/trials per session: +12 \(2 practice, 8 test, 2 attention checks\)/);
    // one-method: 2 methods x 13 photos / gcd(13, 8) = 26
    expect(stdout).toMatch(/balanced design: +26 completed sessions/);
    expect(stdout).toContain('/s/cli');
    expect(stdout).toContain('/admin/studies/cli');
    expect(stderr).toContain('importing images');
    const db = await openDatabase(resolveDatabase(env.DATABASE_URL));
    try {
      expect(await db.image.count({ where: { studyId: 'cli' } })).toBe(13);
    } finally {
      await db.$disconnect();
    }
  });

  it('refuses a taken id with exit code 2 and one line, and replaces it with --replace', async () => {
    const taken = await run(['--config', folders.configFile], env);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('a study with id "cli" already exists: choose another id, or pass --replace');
    expect(taken.stderr).not.toMatch(/\n\s+at /);
    const replaced = await run(['--config', folders.configFile, '--replace'], env);
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toContain('study "cli" replaced');
  });

  it('names missing colorizations and writes nothing, also on a dry run', async () => {
    const file = path.join(folders.dir, 'broken.json');
    writeFileSync(file, JSON.stringify({ ...folders.configInput, id: 'broken', methods: [{ name: 'real-as-method', dir: 'real' }, { name: 'empty', dir: 'nowhere' }] }));
    const { code, stderr } = await run(['--config', file, '--dry-run'], env);
    expect(code).toBe(2);
    expect(stderr).toContain('nothing was written');
    expect(stderr).toContain(`method "empty" (dir): cannot read the folder ${path.join(folders.dir, 'nowhere')} (ENOENT)`);
    const ok = await run(['--config', folders.configFile, '--dry-run'], { ...env, DATABASE_URL: path.join(folders.dir, 'dry.db') });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('study "cli" checked (dry run: nothing written)');
    // The texts participants will read, the device requirement among them.
    expect(ok.stdout).toContain('--- consent ---\nYou are invited to take part');
    expect(ok.stdout).toMatch(/--- device requirement \(shown before consent\) ---\nYou need a computer .* at least \d+ × \d+ pixels/);
    const db = await openDatabase(resolveDatabase(path.join(folders.dir, 'dry.db')));
    try {
      expect(await db.study.count()).toBe(0);
    } finally {
      await db.$disconnect();
    }
  });

  it('answers bad arguments and bad configs with exit code 2 and a reason', async () => {
    const noConfig = await run([], env);
    expect(noConfig.code).toBe(2);
    expect(noConfig.stderr).toContain('--config is required');
    const lonely = await run(['--config', folders.configFile, '--delete-responses'], env);
    expect(lonely.code).toBe(2);
    expect(lonely.stderr).toContain('--delete-responses only makes sense with --replace');
    const badFile = path.join(folders.dir, 'bad.json');
    writeFileSync(badFile, JSON.stringify({ ...folders.configInput, imageSize: 10 }));
    const bad = await run(['--config', badFile], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/imageSize: Too small/i);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
