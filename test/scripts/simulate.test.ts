/**
 * `npm run simulate` and scripts/load-test.ts as a user runs them (child processes through
 * tsx) against `npm start`'s server and a SQLite file: answers land in the database as the
 * fooling probabilities say, a rerun of a seed resumes instead of adding, and usage problems
 * end with one line and exit code 2.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../app/lib/db/client';
import { projectRoot } from '../../app/lib/db/migrations';
import { resolveDatabase } from '../../app/lib/db/url';
import { freePort, startServer, type TestServer } from '../helpers/next-server';
import { createFixtureStudy, type FixtureStudy } from '../helpers/study-fixture';

const tsx = path.join(projectRoot, 'node_modules', '.bin', 'tsx');

function run(script: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [path.join(projectRoot, 'scripts', script), ...args], { cwd: projectRoot, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('simulate and load-test scripts', () => {
  let dir: string;
  let file: string;
  let db: Db;
  let server: TestServer;
  let fixture: FixtureStudy;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ct-simulate-'));
    file = path.join(dir, 'studies.db');
    db = await openDatabase(resolveDatabase(file));
    fixture = await createFixtureStudy(db, { id: 'sim' });
    server = await startServer({ DATABASE_URL: file, ADMIN_PASSWORD: 'simulate-admin-pw' });
    env = { DATABASE_URL: file, ADMIN_PASSWORD: 'simulate-admin-pw' };
  });
  afterAll(async () => {
    await server?.stop();
    await db?.$disconnect();
    await fixture?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fills a study with answers that follow the fooling probabilities, and a rerun of the seed resumes', async () => {
    const args = ['--study', 'sim', '--participants', '6', '--concurrency', '3', '--base-url', server.url, '--fool', 'alpha=0,beta=1', '--attention-accuracy', '1', '--seed', '42'];
    const r = await run('simulate.ts', args, env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('participants:      6 (6 new sessions, 0 resumed, 0 careless)');
    expect(r.stdout).toContain('completed:         6');
    // 6 sessions x (2 practice + 8 test + 2 attention).
    expect(r.stdout).toContain('answers stored:    72 in the database');
    expect(r.stdout).toMatch(/answer latency: {4}p50 [\d.]+ ms, p95 [\d.]+ ms, p99 [\d.]+ ms, max [\d.]+ ms/);
    const sessions = await db.session.findMany({
      where: { studyId: 'sim' },
      include: { participant: true, method: true, trials: { include: { response: true, method: true } } },
    });
    expect(sessions).toHaveLength(6);
    for (const s of sessions) {
      expect(s.stage).toBe('complete');
      expect(s.participant.source).toBe('simulated');
      expect(s.participant.externalId).toMatch(/^sim-42-[0-5]$/);
      for (const t of s.trials) {
        // alpha never fools (always correct), beta always does; attention checks always caught.
        const expected = t.kind === 'attention' ? true : t.method.name === 'alpha';
        expect(t.response!.correct, `${t.kind} ${t.method.name}`).toBe(expected);
      }
    }
    // Balanced one-method assignment: 3 sessions per method.
    expect(sessions.filter((s) => s.method!.name === 'alpha')).toHaveLength(3);

    const again = await run('simulate.ts', args, env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('participants:      6 (0 new sessions, 6 resumed, 0 careless)');
    expect(again.stdout).toContain('answers sent:      0 newly stored');
    expect(await db.session.count({ where: { studyId: 'sim' } })).toBe(6);
  });

  it('reports answers sent and stored and the latency of a load of participants answering at once, then cleans up', async () => {
    const r = await run('load-test.ts', ['--study', 'sim', '--participants', '10', '--base-url', server.url, '--seed', '7'], env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('sessions:        10 started, 10 completed, 0 failed');
    expect(r.stdout).toContain('answers:         120 sent, 120 stored in the database (120 confirmed by the server, none lost)');
    expect(r.stdout).toMatch(/answer latency: {2}p50 [\d.]+ ms, p95 [\d.]+ ms, p99 [\d.]+ ms, max [\d.]+ ms \(mean [\d.]+ ms, 120 requests\)/);
    expect(r.stdout).toContain('errors:          none');
    expect(r.stdout).toContain('cleanup:         removed the 10 simulated participants');
    expect(await db.participant.count({ where: { studyId: 'sim', externalId: { startsWith: 'sim-7-' } } })).toBe(0);
  });

  it('runs the open model: participants arriving at a fixed rate, answering at a pace, with the server CPU per answer', async () => {
    const args = ['--study', 'sim', '--participants', '6', '--arrival-rate', '20', '--pace-ms', '20', '--base-url', server.url, '--seed', '8', '--server-pid', String(server.pid)];
    const r = await run('load-test.ts', args, env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('6 simulated participants answering study "sim" arriving at 20 per second, about 20 ms per answer');
    expect(r.stdout).toContain('answers:         72 sent, 72 stored in the database (72 confirmed by the server, none lost)');
    expect(r.stdout).toMatch(/server CPU: {6}[\d.]+ ms per answer/);
  });

  it('ends usage problems with one line and exit code 2', async () => {
    const closedPort = await freePort();
    const cases: Array<[string, string[], RegExp]> = [
      ['simulate.ts', ['--participants', '3'], /^simulate: --study is required\n$/],
      ['simulate.ts', ['--study', 'sim', '--participants', 'many'], /^simulate: --participants must be a whole number from 1 to 100000, got "many"\n$/],
      ['simulate.ts', ['--study', 'sim', '--fool', 'alpha=2'], /^simulate: the fooling probability of alpha must be a probability between 0 and 1, got "2"\n$/],
      ['simulate.ts', ['--study', 'sim', '--base-url', server.url, '--fool', 'gamma=0.2'], /^simulate: --fool names "gamma", not a method of study "sim" \(methods: alpha, beta\)\n$/],
      ['simulate.ts', ['--study', 'nope', '--base-url', server.url], /^simulate: the database has no study "nope"/],
      ['simulate.ts', ['--study', 'sim', '--base-url', `http://127.0.0.1:${closedPort}`], /^simulate: no server answers at http:\/\/127\.0\.0\.1:\d+/],
      ['load-test.ts', ['--study', 'sim', '--base-url', 'http://example.com'], /^load-test: the load test only runs against a server on this machine/],
      ['load-test.ts', ['--study', 'sim', '--participants', '5000'], /^load-test: --participants must be a whole number from 1 to 500 \(up to 5000 with --arrival-rate\)\n$/],
      ['load-test.ts', ['--study', 'sim', '--arrival-rate', '0'], /^load-test: --arrival-rate must be a number of participants per second, above 0 and at most 1000\n$/],
    ];
    for (const [script, args, message] of cases) {
      const r = await run(script, args, env);
      expect(r.code, `${script} ${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
