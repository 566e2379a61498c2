/**
 * The HYPE protocols from the command line, as a researcher runs them (child processes,
 * `npm start`'s server, a SQLite file): study:create with each protocol, simulated participants
 * following a psychometric function of exposure time, and npm run stats on the database and on
 * the exported trials file, which must agree with the in-process analysis.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../app/lib/db/client';
import { projectRoot } from '../../app/lib/db/migrations';
import { resolveDatabase } from '../../app/lib/db/url';
import { analyseHypeStudy } from '../../app/lib/stats';
import { toCsv } from '../../app/lib/trials';
import { loadTrialRows } from '../../app/lib/trials/from-db';
import { startServer, type TestServer } from '../helpers/next-server';
import { writeFixtureFolders, type FixtureFolders } from '../helpers/study-fixture';

function run(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'scripts', script), ...args], { cwd: projectRoot, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('HYPE studies from the command line', () => {
  let dir: string;
  let env: Record<string, string>;
  let db: Db;
  let server: TestServer;
  const folders: FixtureFolders[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ct-hype-cli-'));
    const file = path.join(dir, 'studies.db');
    env = { DATABASE_URL: file, ADMIN_PASSWORD: 'hype-admin-password' };
    const session = { practiceTrials: 2, testTrials: 24, attentionRate: 0.1, assignment: 'mixed' as const };
    folders.push(
      await writeFixtureFolders({
        id: 'cli-time',
        images: 32,
        config: { protocol: 'hype-time', session, hype: { staircase: { startMs: 300, minMs: 100, maxMs: 500, stepMs: 50, initialStepMs: 100 }, qualification: { trials: 2 } } },
      }),
    );
    folders.push(await writeFixtureFolders({ id: 'cli-inf', images: 40, config: { protocol: 'hype-infinity', session } }));
    db = await openDatabase(resolveDatabase(file));
    server = await startServer(env);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.$disconnect();
    for (const f of folders) rmSync(f.dir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a study with each protocol, and says what a session holds', async () => {
    const time = await run('study-create.ts', ['--config', folders[0].configFile], env);
    expect(time.code, time.stderr + time.stdout).toBe(0);
    expect(time.stdout).toContain('protocol:            hype-time');
    expect(time.stdout).toContain('trials per session:  31 (2 tutorial, 2 qualification, 24 test, 3 attention checks)');
    // 24 test trials over 2 methods: 12 per staircase, far below what a staircase needs.
    expect(time.stderr).toMatch(/warning: hype-time: each staircase runs over 12 test trials/);
    const inf = await run('study-create.ts', ['--config', folders[1].configFile], env);
    expect(inf.code, inf.stderr).toBe(0);
    expect(inf.stdout).toContain('trials per session:  39 (2 tutorial, 10 qualification, 24 test, 3 attention checks)');
    expect(inf.stderr).not.toMatch(/warning/);
  });

  it('simulates participants on each and analyses them, from the database and from the export alike', async () => {
    const time = await run('simulate.ts', ['--study', 'cli-time', '--participants', '4', '--base-url', server.url, '--seed', '3', '--fool', 'alpha=0.05,beta=0.05', '--threshold', 'alpha=150,beta=450', '--skip-images'], env);
    expect(time.code, time.stderr).toBe(0);
    expect(time.stdout).toContain('participants:      4 (4 new sessions');
    // Each either finished or failed its two-trial qualification (then it was screened out, answers kept).
    const stages = await db.session.findMany({ where: { studyId: 'cli-time' }, select: { stage: true } });
    expect(stages.map((s) => s.stage).every((s) => s === 'complete' || s === 'screened-out')).toBe(true);
    expect(stages.some((s) => s.stage === 'complete')).toBe(true);
    expect(time.stderr).toContain('thresholds (ms, at 79.4% correct): alpha=150, beta=450');
    const inf = await run('simulate.ts', ['--study', 'cli-inf', '--participants', '4', '--base-url', server.url, '--seed', '4', '--fool', 'alpha=0.5,beta=0', '--real-accuracy', '1', '--skip-images'], env);
    expect(inf.code, inf.stderr).toBe(0);
    expect(inf.stdout).toContain('completed:         4');

    // hype-infinity: alpha's fakes pass for real half the time, beta's never; real photos are always called real.
    const rows = await loadTrialRows(db, 'cli-inf');
    const report = await run('stats.ts', ['--study', 'cli-inf', '--format', 'json', '--resamples', '100', '--sources', 'all'], env);
    expect(report.code, report.stderr).toBe(0);
    const analysis = JSON.parse(report.stdout);
    // With the study's fast-answer rule (its config's defaults: answers under 200 ms flagged, nobody excluded for them).
    const fastRule = { minRtMs: 200, maxFastShare: null };
    expect(analysis).toEqual(JSON.parse(JSON.stringify(analyseHypeStudy(rows, { seed: 7, resamples: 100, qualificationThreshold: 0.7, fastRule, methods: ['alpha', 'beta'] }))));
    const beta = analysis.methods.find((m: { method: string }) => m.method === 'beta');
    expect(beta.fakeError.rate).toBe(0);
    expect(beta.realError.rate).toBe(0);
    expect(analysis.methods.find((m: { method: string }) => m.method === 'alpha').fakeError.errors).toBeGreaterThan(0);

    // hype-time: the trials file export analyses to the same thresholds as the database (with the study's rules).
    const timeRows = await loadTrialRows(db, 'cli-time');
    const csv = path.join(dir, 'time.csv');
    writeFileSync(csv, toCsv(timeRows));
    const fromDb = await run('stats.ts', ['--study', 'cli-time', '--format', 'csv', '--resamples', '100', '--seed', '1', '--sources', 'all'], env);
    const fromFile = await run('stats.ts', ['--trials', csv, '--format', 'csv', '--resamples', '100', '--seed', '1', '--methods', 'alpha,beta', '--qualification-threshold', '0.7', '--min-rt-ms', '200'], {});
    expect(fromDb.code, fromDb.stderr).toBe(0);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(fromFile.stdout).toBe(fromDb.stdout);
    expect(fromDb.stdout).toMatch(/^method,alpha,,,,hype_time_ms,\d+/m);
    const md = await run('stats.ts', ['--study', 'cli-time', '--resamples', '100', '--sources', 'all'], env);
    expect(md.stdout).toContain('## HYPE_time per method (ms)');
    expect(md.stdout).toContain('## Display timing: requested vs achieved exposure (ms)');
  });

  it('ends misuse with one line and exit code 2', async () => {
    const threshold = await run('simulate.ts', ['--study', 'cli-inf', '--participants', '1', '--base-url', server.url, '--threshold', 'alpha=100'], env);
    expect(threshold.code).toBe(2);
    expect(threshold.stderr).toContain('simulate: --threshold applies to hype-time studies; study "cli-inf" uses hype-infinity');
    const plan = await run('stats.ts', ['--study', 'cli-inf', '--plan', '0.3,0.4'], env);
    expect(plan.code).toBe(2);
    expect(plan.stderr.trim()).toBe('stats: --plan sizes 2AFC studies (two fooling rates); it does not apply to HYPE data');
    const bad = await run('study-create.ts', ['--config', folders[0].configFile], { ...env, DATABASE_URL: path.join(dir, 'other.db') });
    expect(bad.code).toBe(0);
    writeFileSync(path.join(folders[0].dir, 'bad.json'), JSON.stringify({ ...folders[0].configInput, id: 'bad', hype: { staircase: { stepMs: 40 } } }));
    const offGrid = await run('study-create.ts', ['--config', path.join(folders[0].dir, 'bad.json')], env);
    expect(offGrid.code).toBe(2);
    expect(offGrid.stderr).toContain('hype.staircase.maxMs - minMs (900) must be a multiple of stepMs (40) so the levels form one grid');
  });
});
