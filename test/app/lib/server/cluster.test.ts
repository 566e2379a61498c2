/**
 * `npm start -- --workers N` (app/lib/server/cluster.ts, scripts/serve.ts): refused on SQLite
 * with a reason; on a real PostgreSQL, two worker processes behind one port store each answer
 * exactly once when copies of it arrive at both at once, keep a session's answers in order,
 * refuse answers to trials whose images were not all sent (by whichever worker), and share
 * the start limit and logouts. Every request opens its own connection, so the
 * primary hands them to the workers in turn.
 */
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../app/lib/db/client';
import { projectRoot } from '../../../../app/lib/db/migrations';
import { resolveDatabase } from '../../../../app/lib/db/url';
import { workersRefusal } from '../../../../app/lib/server/cluster';
import { seededRandom } from '../../../../app/lib/random';
import { browserCheck } from '../../../../app/lib/trial-types/browser-check';
import { nominalTiming } from '../../../../app/lib/trial-types/two-afc';
import { DEFAULT_BEHAVIOUR } from '../../../../app/lib/simulate/behaviour';
import { runSimulation } from '../../../../app/lib/simulate/run';
import { startServer, type TestServer } from '../../../helpers/next-server';
import { createTestDatabase, postgresSkipReason } from '../../../helpers/postgres';
import { createFixtureStudy, type FixtureStudy } from '../../../helpers/study-fixture';

const PASSWORD = 'cluster-test-password';
const check = browserCheck.simulate({ minWindow: { width: 800, height: 600 } }, null, { desktop: true }, seededRandom(1));
const timing = nominalTiming({ mode: 'sequential', exposureMs: 1000, gapMs: 600 });

describe('--workers', () => {
  it('is refused on SQLite and outside 1..64, with the reason', () => {
    expect(workersRefusal(1, 'sqlite')).toBeNull();
    expect(workersRefusal(4, 'postgresql')).toBeNull();
    expect(workersRefusal(2, 'sqlite')).toMatch(/needs PostgreSQL.*one writer/);
    expect(workersRefusal(0, 'postgresql')).toMatch(/whole number from 1 to 64/);
    expect(workersRefusal(1.5, 'postgresql')).toMatch(/whole number/);
    const serve = spawnSync(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'scripts', 'serve.ts'), '--port', '0', '--workers', '2'], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: 'file:/nonexistent/studies.db' },
      encoding: 'utf8',
    });
    expect(serve.status).toBe(2);
    expect(serve.stderr).toMatch(/--workers 2 needs PostgreSQL/);
  });
});

/** One request on a connection of its own (so that consecutive requests go to different workers). */
function send(base: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      base + url,
      { method, agent: false, headers: { 'Content-Type': 'application/json', ...(text ? { 'Content-Length': String(Buffer.byteLength(text)) } : {}), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString();
          resolve({ status: res.statusCode!, json: raw.startsWith('{') ? JSON.parse(raw) : {} });
        });
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

describe.skipIf(!!postgresSkipReason)('two workers on one PostgreSQL', () => {
  let drop: () => Promise<void>;
  let db: Db;
  let server: TestServer;
  let fixture: FixtureStudy;

  const enter = async (pid: string) => {
    const start = await send(server.url, 'POST', '/api/sessions', { studyId: 'duo', params: { PROLIFIC_PID: pid } });
    expect(start.status).toBe(201);
    const token = start.json.token as string;
    expect((await send(server.url, 'POST', `/api/sessions/${token}/stage`, { from: 'consent', consent: true })).status).toBe(200);
    expect((await send(server.url, 'POST', `/api/sessions/${token}/stage`, { from: 'instructions', check })).json.stage).toBe('practice');
    return token;
  };
  const answer = (token: string, n: number, choice: string, requestId: string, extra: Record<string, unknown> = {}) =>
    send(server.url, 'POST', `/api/sessions/${token}/trials/${n}/response`, { choice, rtMs: 450, timing, requestId, ...extra });
  const image = (token: string, n: number, slot: number) => send(server.url, 'GET', `/api/sessions/${token}/trials/${n}/image/${slot}`);
  /** What the browser does before answering: both images of the trial, at once (so through both workers). */
  const show = async (token: string, n: number) => {
    const sent = await Promise.all([image(token, n, 0), image(token, n, 1)]);
    expect(sent.map((r) => r.status)).toEqual([200, 200]);
  };

  beforeAll(async () => {
    const created = await createTestDatabase();
    drop = created.drop;
    db = await openDatabase(resolveDatabase(created.url));
    fixture = await createFixtureStudy(db, { id: 'duo', methods: ['alpha', 'beta'] });
    server = await startServer({ DATABASE_URL: created.url, ADMIN_PASSWORD: PASSWORD, SESSION_START_LIMIT: '5' }, { workers: 2 });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.$disconnect();
    await fixture?.cleanup();
    await drop?.();
  });

  it('runs a primary and two workers', () => {
    expect(server.output()).toMatch(/ready: http:\/\/127\.0\.0\.1:\d+ \(2 workers/);
  });

  it('stores concurrent copies of an answer once, and one of two different answers', async () => {
    const token = await enter('dup-1');
    for (let n = 0; n < 4; n++) {
      await show(token, n);
      const copies = await Promise.all(Array.from({ length: 8 }, () => answer(token, n, 'left', `dup-${n}-request`)));
      expect(copies.map((c) => c.status)).toEqual(Array(8).fill(200));
      expect(copies.filter((c) => c.json.duplicate === false)).toHaveLength(1);
      expect(new Set(copies.map((c) => c.json.nextTrial))).toEqual(new Set([n + 1]));
      expect(await db.response.count({ where: { trial: { sessionId: token, index: n } } })).toBe(1);
    }
    await show(token, 4);
    const rivals = await Promise.all(Array.from({ length: 8 }, (_, i) => answer(token, 4, i % 2 ? 'left' : 'right', `rival-${i}-request`)));
    expect(rivals.filter((r) => r.status === 200 && r.json.duplicate === false)).toHaveLength(1);
    const stored = await db.response.findMany({ where: { trial: { sessionId: token, index: 4 } } });
    expect(stored).toHaveLength(1);
    // Copies with the stored choice are retries; the others are refused with the reason.
    for (const r of rivals.filter((x) => x.json.duplicate !== false)) {
      expect(r.status === 200 ? r.json.duplicate : r.json.code).toBe(r.status === 200 ? true : 'different-answer');
    }
  });

  it('keeps answers in order when the next ones race the current one', async () => {
    const token = await enter('order-1');
    // Trial 2's images cannot be fetched before trial 0 is answered: its answer is refused whenever it comes.
    await show(token, 0);
    await show(token, 1);
    const replies = await Promise.all([0, 1, 2, 1, 0, 2].map((n) => answer(token, n, 'right', `order-${n}-request`)));
    const answered = await db.trial.findMany({ where: { sessionId: token, response: { isNot: null } }, select: { index: true } });
    // Whatever got in is a prefix of the session: no trial answered before the one before it.
    const indices = answered.map((t) => t.index).sort((a, b) => a - b);
    expect(indices).toEqual(indices.map((_, i) => i));
    for (const r of replies) expect([200, 409]).toContain(r.status);
    expect(replies.filter((r) => r.status === 200 && r.json.duplicate === false)).toHaveLength(indices.length);
  });

  it('refuses an answer to a trial whose images were not all sent, whichever worker sent them', async () => {
    const token = await enter('shown-1');
    const blind = await Promise.all([answer(token, 0, 'left', 'blind-0-request'), answer(token, 0, 'left', 'blind-0-request')]);
    expect(blind.map((r) => [r.status, r.json.code])).toEqual([
      [409, 'not-shown'],
      [409, 'not-shown'],
    ]);
    expect((await image(token, 0, 1)).status).toBe(200);
    expect((await answer(token, 0, 'left', 'half-0-request')).json.code).toBe('not-shown');
    expect(await db.response.count({ where: { trial: { sessionId: token } } })).toBe(0);
    // Slot 0 through the next connection (the other worker): both bits are set, and either worker takes the answer.
    expect((await image(token, 0, 0)).status).toBe(200);
    expect((await db.trial.findFirstOrThrow({ where: { sessionId: token, index: 0 } })).imagesServed).toBe(0b11);
    const copies = await Promise.all([0, 1].map(() => answer(token, 0, 'left', 'shown-0-request', { focusLosses: 1, fullscreenExits: 2 })));
    expect(copies.map((c) => c.status)).toEqual([200, 200]);
    expect(copies.filter((c) => c.json.duplicate === false)).toHaveLength(1);
    const stored = await db.response.findFirstOrThrow({ where: { trial: { sessionId: token, index: 0 } } });
    expect([stored.focusLosses, stored.fullscreenExits]).toEqual([1, 2]);
  });

  it('counts session starts against one limit across the workers, and a logout in both', async () => {
    // Sessions started by the tests above count too: 5 per client in all, whichever worker took them.
    const left = 5 - (await db.session.count({ where: { studyId: 'duo', participant: { source: { not: 'simulated' } } } }));
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await send(server.url, 'POST', '/api/sessions', { studyId: 'duo', params: {} })).status);
    expect(statuses).toEqual([...Array(left).fill(201), ...Array(8 - left).fill(429)]);

    const login = await new Promise<string>((resolve, reject) => {
      const body = new URLSearchParams({ password: PASSWORD }).toString();
      const req = http.request(`${server.url}/admin/session`, { method: 'POST', agent: false, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(body.length) } }, (res) => {
        res.resume();
        resolve(String(res.headers['set-cookie']).split(';')[0]);
      });
      req.on('error', reject);
      req.end(body);
    });
    const admin = () => send(server.url, 'GET', '/api/admin/studies', undefined, { Cookie: login });
    expect([(await admin()).status, (await admin()).status]).toEqual([200, 200]);
    expect((await send(server.url, 'POST', '/admin/logout', undefined, { Cookie: login })).status).toBe(303);
    // Revoked in the worker that took the logout, and (a message later) in the other.
    await new Promise((r) => setTimeout(r, 200));
    expect([(await admin()).status, (await admin()).status, (await admin()).status]).toEqual([401, 401, 401]);
  });

  it('stores every answer of concurrent simulated participants once', async () => {
    const summary = await runSimulation({
      baseUrl: server.url,
      studyId: 'duo',
      participants: 12,
      concurrency: 12,
      seed: 5,
      behaviour: { ...DEFAULT_BEHAVIOUR, attentionAccuracy: 1 },
      db,
      adminPassword: PASSWORD,
    });
    expect(summary.errors).toEqual([]);
    expect(summary.completed).toBe(12);
    expect(summary.responsesStored).toBe(summary.responsesSent);
    expect(summary.responsesSent).toBe(12 * 12);
    const sessions = await db.session.findMany({ where: { studyId: 'duo', participant: { source: 'simulated' } }, select: { ordinal: true } });
    expect(new Set(sessions.map((s) => s.ordinal)).size).toBe(12);
  });
});
