/**
 * npm start's fast path (app/lib/server/fast-path.ts) against Next.js answering alone: two
 * servers on one SQLite file, one with the fast path and one with FAST_PATH=0, asked the same
 * things about the same sessions. Statuses, bodies and headers must be the same (Next.js's
 * own framing headers aside), with the security headers and HSTS behind a trusted proxy, and
 * every request the fast path does not take must still reach Next.js.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../app/lib/db/client';
import { resolveDatabase } from '../../../../app/lib/db/url';
import { fastRoute } from '../../../../app/lib/server/fast-path';
import { MAX_BODY_BYTES } from '../../../../app/lib/session/http';
import { seededRandom } from '../../../../app/lib/random';
import { browserCheck } from '../../../../app/lib/trial-types/browser-check';
import { nominalTiming } from '../../../../app/lib/trial-types/two-afc';
import { startServer, type TestServer } from '../../../helpers/next-server';
import { createFixtureStudy, type FixtureStudy } from '../../../helpers/study-fixture';

const PASSWORD = 'fast-path-test-password';
const check = browserCheck.simulate({ minWindow: { width: 800, height: 600 } }, null, { desktop: true }, seededRandom(1));
const timing = nominalTiming({ mode: 'sequential', exposureMs: 1000, gapMs: 600 });
// Framing that differs between Node's and Next.js's way of sending the same reply.
const FRAMING = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'vary']);

describe('fast-path routes', () => {
  it('takes the hot participant requests and leaves everything else to Next.js', () => {
    const token = 'A'.repeat(24);
    expect(fastRoute('POST', `/api/sessions/${token}/trials/3/response`)).not.toBeNull();
    expect(fastRoute('GET', `/api/sessions/${token}/trials/3`)).not.toBeNull();
    expect(fastRoute('GET', `/api/sessions/${token}/trials/3/image/1?x=1`)).not.toBeNull();
    expect(fastRoute('GET', `/api/sessions/${token}`)).not.toBeNull();
    expect(fastRoute('POST', `/api/sessions/${token}/stage`)).not.toBeNull();
    expect(fastRoute('POST', `/api/sessions/${token}/withdraw`)).not.toBeNull();
    expect(fastRoute('GET', '/api/health')).not.toBeNull();
    for (const [method, url] of [
      ['POST', '/api/sessions'],
      ['HEAD', '/api/health'],
      ['GET', '/api/health/'],
      ['PUT', `/api/sessions/${token}/trials/3/response`],
      ['GET', `/api/sessions/${token}/trials/3/response`],
      ['GET', `/api/sessions/${token}/withdraw`],
      ['GET', `/api/sessions/%41${token}/trials/3`],
      ['GET', `/api/sessions/${token}/trials/x`],
      ['GET', '/api/admin/studies'],
      ['GET', '/s/demo'],
    ]) {
      expect(fastRoute(method, url), `${method} ${url}`).toBeNull();
    }
  });
});

describe('fast path over HTTP, against Next.js alone', () => {
  let dir: string;
  let db: Db;
  let fast: TestServer;
  let plain: TestServer;
  let fixture: FixtureStudy;

  const call = async (server: TestServer, method: string, url: string, body?: string, headers: Record<string, string> = {}) => {
    const res = await fetch(server.url + url, { method, headers: { 'Content-Type': 'application/json', ...headers }, body, redirect: 'manual' });
    const bytes = Buffer.from(await res.arrayBuffer());
    const kept = [...res.headers].filter(([name]) => !FRAMING.has(name)).sort();
    // Next.js adds Vary to every route handler's reply; the fast path does not, which shows who answered.
    return { status: res.status, headers: Object.fromEntries(kept), bytes, byNext: res.headers.has('vary') };
  };
  /** Both servers' replies to the same request, which must agree. */
  const both = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const a = await call(fast, method, url, text, headers);
    const b = await call(plain, method, url, text, headers);
    expect(a.status, `${method} ${url}`).toBe(b.status);
    expect(a.headers, `${method} ${url}`).toEqual(b.headers);
    return { a, b, json: () => JSON.parse(a.bytes.toString()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ct-fast-path-'));
    const file = path.join(dir, 'studies.db');
    db = await openDatabase(resolveDatabase(file));
    fixture = await createFixtureStudy(db, { id: 'fast', config: { recruitment: { platform: 'direct' } } });
    const env = { DATABASE_URL: file, ADMIN_PASSWORD: PASSWORD, TRUST_PROXY: '1' };
    [fast, plain] = await Promise.all([startServer(env), startServer({ ...env, FAST_PATH: '0' })]);
  });
  afterAll(async () => {
    await fast?.stop();
    await plain?.stop();
    await db?.$disconnect();
    await fixture?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a whole session as Next.js does, with the security headers', async () => {
    const started = await call(plain, 'POST', '/api/sessions', JSON.stringify({ studyId: 'fast', params: { PROLIFIC_PID: 'same-1' } }));
    const token = JSON.parse(started.bytes.toString()).token as string;
    const api = `/api/sessions/${token}`;
    const state = await both('GET', api);
    expect([state.a.byNext, state.b.byNext]).toEqual([false, true]);
    expect(state.a.bytes.equals(state.b.bytes)).toBe(true);
    expect(state.a.headers).toMatchObject({
      'cache-control': 'private, no-store',
      'content-type': 'application/json',
      'content-security-policy': "frame-ancestors 'none'",
      'x-frame-options': 'DENY',
      'referrer-policy': 'same-origin',
      'x-content-type-options': 'nosniff',
    });
    // Each stage is left through one server, and the retry through the other gives the same state.
    const consent = await call(fast, 'POST', `${api}/stage`, JSON.stringify({ from: 'consent', consent: true }));
    expect(consent.status).toBe(200);
    const again = await call(plain, 'POST', `${api}/stage`, JSON.stringify({ from: 'consent', consent: true }));
    expect(again.bytes.equals(consent.bytes)).toBe(true);
    await both('POST', `${api}/stage`, { from: 'instructions', check });

    let next: number | null = (state.json().nextTrial as number | null) ?? 0;
    for (let answered = 0; next !== null; answered++) {
      const view = await both('GET', `${api}/trials/${next}`);
      expect([view.a.byNext, view.b.byNext]).toEqual([false, true]);
      expect(view.a.bytes.equals(view.b.bytes)).toBe(true);
      // The images are per-process copies (their noise keys differ), the same size and headers.
      for (const slot of [0, 1]) {
        const image = await both('GET', `${api}/trials/${next}/image/${slot}`);
        expect(image.a.headers['content-type']).toBe('image/png');
        expect(image.a.bytes.length).toBe(image.b.bytes.length);
      }
      const body = { choice: answered % 2 ? 'left' : 'right', rtMs: 400, timing, requestId: `same-${next}-request` };
      // Answered through one server in turn, retried through the other: the same stored answer.
      const [first, second] = answered % 2 ? [fast, plain] : [plain, fast];
      const stored = await call(first, 'POST', `${api}/trials/${next}/response`, JSON.stringify(body));
      const retried = await call(second, 'POST', `${api}/trials/${next}/response`, JSON.stringify(body));
      expect(stored.status).toBe(200);
      expect(stored.byNext).toBe(first === plain);
      expect(retried.headers).toEqual(stored.headers);
      const result = JSON.parse(stored.bytes.toString());
      expect(JSON.parse(retried.bytes.toString())).toEqual({ ...result, duplicate: true });
      next = result.nextTrial;
    }
    const responses = await db.response.count({ where: { trial: { sessionId: token } } });
    expect(responses).toBe(await db.trial.count({ where: { sessionId: token } }));
    await both('POST', `${api}/stage`, { from: 'debrief' });
    await both('GET', api);
  });

  it('refuses what Next.js refuses, with the same status and reason', async () => {
    const started = await call(plain, 'POST', '/api/sessions', JSON.stringify({ studyId: 'fast', params: { PROLIFIC_PID: 'same-2' } }));
    const token = JSON.parse(started.bytes.toString()).token as string;
    const api = `/api/sessions/${token}`;
    const answer = { choice: 'left', rtMs: 400, timing, requestId: 'refused-request' };
    const cases: Array<[string, string, unknown?]> = [
      ['GET', `/api/sessions/${'B'.repeat(24)}`],
      ['GET', '/api/sessions/short'],
      ['GET', `${api}/trials/0`],
      ['GET', `${api}/trials/99999999`],
      ['GET', `${api}/trials/0/image/2`],
      ['POST', `${api}/trials/0/response`, answer],
      ['POST', `${api}/trials/0/response`, '{not json'],
      ['POST', `${api}/trials/0/response`, { ...answer, choice: 'middle' }],
      ['POST', `${api}/stage`, { from: 'nowhere' }],
      ['POST', `${api}/stage`, { from: 'debrief' }],
      ['POST', `${api}/trials/0/response`, 'x'.repeat(MAX_BODY_BYTES + 1)],
    ];
    for (const [method, url, body] of cases) {
      const r = await both(method, url, body);
      expect(r.a.status, `${method} ${url}`).toBeGreaterThanOrEqual(400);
      expect(r.json(), `${method} ${url}`).toEqual(JSON.parse(r.b.bytes.toString()));
    }
    expect((await both('POST', `${api}/trials/0/response`, 'x'.repeat(MAX_BODY_BYTES + 1))).a.status).toBe(413);

    // Past the entry: an answer to a trial whose images were not all sent is refused by both, and nothing is stored.
    await call(fast, 'POST', `${api}/stage`, JSON.stringify({ from: 'consent', consent: true }));
    await call(fast, 'POST', `${api}/stage`, JSON.stringify({ from: 'instructions', check }));
    const blind = await both('POST', `${api}/trials/0/response`, answer);
    expect([blind.a.status, blind.json().code]).toEqual([409, 'not-shown']);
    expect(blind.json()).toEqual(JSON.parse(blind.b.bytes.toString()));
    await call(fast, 'GET', `${api}/trials/0/image/1`);
    expect((await both('POST', `${api}/trials/0/response`, answer)).json().code).toBe('not-shown');
    expect(await db.response.count({ where: { trial: { sessionId: token } } })).toBe(0);
    expect((await db.trial.findFirstOrThrow({ where: { sessionId: token, index: 0 } })).imagesServed).toBe(0b10);
    // The fast path's image endpoint records what it sent: with slot 0 too, the answer is stored, with its focus record.
    await call(fast, 'GET', `${api}/trials/0/image/0`);
    const stored = await call(fast, 'POST', `${api}/trials/0/response`, JSON.stringify({ ...answer, focusLosses: 3, fullscreenExits: 0 }));
    expect(stored.status).toBe(200);
    const response = await db.response.findFirstOrThrow({ where: { trial: { sessionId: token, index: 0 } } });
    expect([response.focusLosses, response.fullscreenExits]).toEqual([3, 0]);
    // Withdrawing: refused alike without the confirmation; through the fast path, a retry through Next.js gets the same state.
    const unconfirmed = await both('POST', `${api}/withdraw`, {});
    expect([unconfirmed.a.status, unconfirmed.json()]).toEqual([400, JSON.parse(unconfirmed.b.bytes.toString())]);
    const withdrawn = await call(fast, 'POST', `${api}/withdraw`, JSON.stringify({ confirm: true }));
    expect([withdrawn.status, withdrawn.byNext, JSON.parse(withdrawn.bytes.toString()).stage]).toEqual([200, false, 'withdrawn']);
    const retried = await call(plain, 'POST', `${api}/withdraw`, JSON.stringify({ confirm: true }));
    expect([retried.byNext, retried.bytes.equals(withdrawn.bytes)]).toEqual([true, true]);
    const after = await both('GET', api);
    expect(after.a.bytes.equals(after.b.bytes)).toBe(true);
    expect((await both('POST', `${api}/trials/1/response`, { ...answer, requestId: 'after-withdrawal' })).json().code).toBe('wrong-stage');
    expect((await db.session.findUniqueOrThrow({ where: { id: token } })).withdrawnAt).toBeInstanceOf(Date);
  });

  it('sends HSTS behind a trusted proxy over HTTPS, and answers malformed paths with 400', async () => {
    const viaProxy = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '198.51.100.7' };
    const health = await both('GET', '/api/health', undefined, viaProxy);
    expect(health.a.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(health.json()).toEqual({ ok: true });
    const broken = await both('GET', '/api/sessions/%C0/trials/0');
    expect(broken.a.status).toBe(400);
  });

  it('leaves other requests to Next.js', async () => {
    for (const [method, url] of [
      ['PUT', '/api/health'],
      ['GET', '/api/health/'],
      ['HEAD', '/api/health'],
      ['GET', '/s/fast'],
      ['GET', '/api/admin/studies'],
    ]) {
      const a = await call(fast, method, url);
      const b = await call(plain, method, url);
      expect(a.status, `${method} ${url}`).toBe(b.status);
      expect(a.byNext, `${method} ${url}`).toBe(b.byNext);
    }
    const admin = await call(fast, 'GET', '/api/admin/studies', undefined, { Authorization: `Bearer ${PASSWORD}` });
    expect(admin.status).toBe(200);
  });
});
