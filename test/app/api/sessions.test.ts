/**
 * The participant API over HTTP against `npm start`'s server and a real SQLite file:
 * status codes, reasons, headers, and that nothing sent before an answer tells which image
 * is real.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../app/lib/db/client';
import { resolveDatabase } from '../../../app/lib/db/url';
import { browserCheck } from '../../../app/lib/trial-types/browser-check';
import { nominalTiming } from '../../../app/lib/trial-types/two-afc';
import { seededRandom } from '../../../app/lib/random';
import { startServer, type TestServer } from '../../helpers/next-server';
import { createFixtureStudy, type FixtureStudy } from '../../helpers/study-fixture';

const check = browserCheck.simulate({ minWindow: { width: 800, height: 600 } }, null, { desktop: true }, seededRandom(1));
const timing = nominalTiming({ mode: 'sequential', exposureMs: 1000, gapMs: 600 });

describe('participant API over HTTP', () => {
  let dir: string;
  let db: Db;
  let server: TestServer;
  let fixture: FixtureStudy;
  let preview: FixtureStudy;
  let secrets: string[];

  const call = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(server.url + url, {
      method,
      headers: { 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      redirect: 'manual',
    });
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text);
    } catch {
      json = {};
    }
    return { status: res.status, headers: res.headers, text, json };
  };
  const start = async (params: Record<string, string>) => {
    const r = await call('POST', '/api/sessions', { studyId: 'api', params });
    expect(r.status, r.text).toBeLessThan(300);
    return r.json.token as string;
  };
  const enter = async (params: Record<string, string>) => {
    const token = await start(params);
    expect((await call('POST', `/api/sessions/${token}/stage`, { from: 'consent', consent: true })).status).toBe(200);
    const r = await call('POST', `/api/sessions/${token}/stage`, { from: 'instructions', check });
    expect(r.json.stage).toBe('practice');
    return token;
  };
  /** Answers trial n as the browser does: its two images first (a refusal of those is the answer's business), then the answer. */
  const answer = async (token: string, n: number, choice: 'left' | 'right', requestId = `r-${token.slice(0, 6)}-${n}-${choice}`) => {
    for (const slot of [0, 1]) await fetch(`${server.url}/api/sessions/${token}/trials/${n}/image/${slot}`).then((r) => r.arrayBuffer());
    return call('POST', `/api/sessions/${token}/trials/${n}/response`, { choice, rtMs: 512.5, timing, requestId });
  };
  /** Strings that would give away which image is real, or what a trial is. */
  const expectNoSecrets = (text: string) => {
    for (const s of secrets) expect(text, `leaks "${s}"`).not.toContain(s);
    expect(text).not.toMatch(/real(Side)?["':]/i);
    expect(text).not.toMatch(/attention|stimul|method|sha256/i);
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ct-api-sessions-'));
    const file = path.join(dir, 'studies.db');
    db = await openDatabase(resolveDatabase(file));
    fixture = await createFixtureStudy(db, { id: 'api', config: { recruitment: { platform: 'direct' } } });
    preview = await createFixtureStudy(db, { id: 'turk', config: { recruitment: { platform: 'mturk' } } });
    const images = await db.image.findMany({ select: { id: true, name: true, realAssetId: true } });
    const methods = await db.method.findMany({ select: { id: true, name: true } });
    const assets = await db.asset.findMany({ select: { id: true, sha256: true } });
    secrets = [...images.flatMap((i) => [i.id, i.name, i.realAssetId]), ...methods.flatMap((m) => [m.id, m.name]), ...assets.flatMap((a) => [a.id, a.sha256])];
    server = await startServer({ DATABASE_URL: file });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.$disconnect();
    await fixture?.cleanup();
    await preview?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts a session once per recruitment id and resumes it', async () => {
    const first = await call('POST', '/api/sessions', { studyId: 'api', params: { PROLIFIC_PID: 'pp1', STUDY_ID: 's', SESSION_ID: 'a' } });
    expect(first.status).toBe(201);
    expect(first.headers.get('cache-control')).toBe('private, no-store');
    expect(first.json).toMatchObject({ stage: 'consent', created: true });
    const again = await call('POST', '/api/sessions', { studyId: 'api', params: { PROLIFIC_PID: 'pp1', SESSION_ID: 'b' } });
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ token: first.json.token, stage: 'consent', created: false });
    expect(await db.session.count({ where: { participant: { externalId: 'pp1' } } })).toBe(1);
  });

  it('keeps a direct-link participant in a cookie, so a refresh resumes', async () => {
    const first = await call('POST', '/api/sessions', { studyId: 'api', params: {} });
    expect(first.status).toBe(201);
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^ct_participant_api=d-[A-Za-z0-9_-]{16};/);
    expect(cookie).toMatch(/HttpOnly/i);
    const again = await call('POST', '/api/sessions', { studyId: 'api', params: {} }, { Cookie: cookie.split(';')[0] });
    expect(again.json).toMatchObject({ token: first.json.token, created: false });
    const stranger = await call('POST', '/api/sessions', { studyId: 'api', params: {} });
    expect(stranger.json.token).not.toBe(first.json.token);
  });

  it('creates nothing for an MTurk preview, and shows the task instead', async () => {
    const before = await db.participant.count();
    const page = await fetch(`${server.url}/s/turk?assignmentId=ASSIGNMENT_ID_NOT_AVAILABLE&hitId=H1`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Accept the HIT to begin');
    expect(html).not.toContain('<img');
    const post = await call('POST', '/api/sessions', { studyId: 'turk', params: { assignmentId: 'ASSIGNMENT_ID_NOT_AVAILABLE', hitId: 'H1' } });
    expect([post.status, post.json.code]).toEqual([409, 'preview']);
    const missing = await call('POST', '/api/sessions', { studyId: 'turk', params: {} });
    expect([missing.status, missing.json.code]).toEqual([403, 'needs-mturk']);
    expect(await db.participant.count()).toBe(before);
    const accepted = await call('POST', '/api/sessions', {
      studyId: 'turk',
      params: { assignmentId: 'A1', hitId: 'H1', workerId: 'W1', turkSubmitTo: 'https://workersandbox.mturk.com' },
    });
    expect(accepted.status).toBe(201);
  });

  it('serves trials with opaque image URLs, the same shape for every trial, and images without identifying headers', async () => {
    const token = await enter({ PROLIFIC_PID: 'opaque' });
    const state = await call('GET', `/api/sessions/${token}`);
    expectNoSecrets(state.text);
    const trial = await call('GET', `/api/sessions/${token}/trials/0`);
    expect(trial.status).toBe(200);
    expect(trial.headers.get('cache-control')).toBe('private, no-store');
    expect(trial.headers.get('etag')).toBeNull();
    expect(trial.json).toEqual({
      trialType: '2afc',
      index: 0,
      block: 'practice',
      number: 1,
      of: 2,
      presentation: { mode: 'sequential', exposureMs: 1000, gapMs: 600 },
      images: [`/api/sessions/${token}/trials/0/image/0`, `/api/sessions/${token}/trials/0/image/1`],
      feedback: true,
    });
    expectNoSecrets(trial.text);
    const bytes: Buffer[] = [];
    for (const slot of [0, 1]) {
      const res = await fetch(`${server.url}/api/sessions/${token}/trials/0/image/${slot}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^image\//);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      expect(res.headers.get('etag')).toBeNull();
      expect(res.headers.get('last-modified')).toBeNull();
      expect(res.headers.get('content-disposition')).toBeNull();
      bytes.push(Buffer.from(await res.arrayBuffer()));
    }
    expect(bytes[0].equals(bytes[1])).toBe(false);
    // Every trial of the session, test and attention alike, looks the same apart from its index.
    const shapes = new Set<string>();
    for (let n = 0; n < 12; n++) {
      const t = await call('GET', `/api/sessions/${token}/trials/${n}`);
      expect(t.status).toBe(200);
      expectNoSecrets(t.text);
      expect(t.json.images).toEqual([0, 1].map((slot) => `/api/sessions/${token}/trials/${n}/image/${slot}`));
      shapes.add(`${Object.keys(t.json).join(',')} ${JSON.stringify(t.json.presentation)}`);
      await answer(token, n, 'left');
    }
    expect(shapes.size).toBe(1);
  });

  it('stores a retried answer once and answers conflicts with 409 and a reason', async () => {
    const token = await enter({ PROLIFIC_PID: 'retry' });
    const first = await answer(token, 0, 'right', 'req-first-0001');
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ saved: true, duplicate: false, stage: 'practice', nextTrial: 1, feedback: { correct: expect.any(Boolean) } });
    const retry = await answer(token, 0, 'right', 'req-first-0001');
    expect(retry.status).toBe(200);
    expect(retry.json).toEqual({ ...first.json, duplicate: true });
    const different = await answer(token, 0, 'left');
    expect([different.status, different.json.code]).toEqual([409, 'different-answer']);
    expect(different.json.error).toBe('Trial 0 was already answered with a different choice; the first answer stands.');
    const ahead = await answer(token, 5, 'left');
    expect([ahead.status, ahead.json.code]).toEqual([409, 'out-of-order']);
    const stored = await db.response.findMany({ where: { trial: { sessionId: token } } });
    expect(stored.map((r) => r.choice)).toEqual(['right']);
    expect(JSON.parse(stored[0].timing)).toMatchObject({ ...timing, requestId: 'req-first-0001' });
  });

  it('refuses bad requests with 4xx and the reason', async () => {
    const token = await enter({ PROLIFIC_PID: 'bad' });
    const cases: Array<[string, string, unknown, number, RegExp]> = [
      ['POST', `/api/sessions/${token}/trials/0/response`, '{not json', 400, /not valid JSON/],
      ['POST', `/api/sessions/${token}/trials/0/response`, { choice: 'middle', rtMs: 1, timing, requestId: 'abcdefgh' }, 400, /^choice: /],
      ['POST', `/api/sessions/${token}/trials/0/response`, { choice: 'left', rtMs: -5, timing, requestId: 'abcdefgh' }, 400, /^rtMs: /],
      ['POST', `/api/sessions/${token}/trials/0/response`, { choice: 'left', rtMs: 5, timing, requestId: 'no' }, 400, /^requestId: must be 8-64/],
      ['POST', `/api/sessions/${token}/trials/0/response`, { choice: 'left', rtMs: 5, requestId: 'abcdefgh' }, 400, /^timing: /],
      ['POST', `/api/sessions/${token}/trials/0/response`, { choice: 'left', rtMs: 5, timing, requestId: 'abcdefgh', realSide: 'left' }, 400, /realSide/],
      // A valid answer to a trial whose images were never fetched: a script, not a browser.
      ['POST', `/api/sessions/${token}/trials/0/response`, { choice: 'left', rtMs: 1, timing, requestId: 'abcdefgh' }, 409, /^Trial 0 has not been shown: its images were never sent/],
      ['POST', `/api/sessions/${token}/withdraw`, {}, 400, /^confirm: /],
      ['POST', `/api/sessions/${token}/stage`, { from: 'nowhere' }, 400, /^from: /],
      ['POST', `/api/sessions/${token}/stage`, { from: 'debrief' }, 409, /Cannot finish the study yet: the session is at the practice stage/],
      ['POST', '/api/sessions', { params: {} }, 400, /^studyId: /],
      ['POST', '/api/sessions', { studyId: 'nope', params: {} }, 404, /no study at this address/],
      ['POST', '/api/sessions', { studyId: 'api', params: { PROLIFIC_PID: 'a b' } }, 400, /PROLIFIC_PID must be/],
      ['GET', `/api/sessions/${'A'.repeat(24)}`, undefined, 404, /not valid/],
      ['GET', '/api/sessions/short', undefined, 404, /not valid/],
      ['GET', `/api/sessions/${token}/trials/99`, undefined, 404, /no trial 99/],
      ['GET', `/api/sessions/${token}/trials/abc`, undefined, 404, /no trial "abc"/],
      ['GET', `/api/sessions/${token}/trials/0/image/2`, undefined, 404, /use 0 or 1/],
      ['GET', `/api/sessions/${token}/trials/5/image/0`, undefined, 409, /answer trial 0 first/],
    ];
    for (const [method, url, body, status, reason] of cases) {
      const r = await call(method, url, body);
      expect(r.status, `${method} ${url} ${JSON.stringify(body)}: ${r.text}`).toBe(status);
      expect(r.json.error, `${method} ${url}`).toMatch(reason);
    }
    expect(await db.response.count({ where: { trial: { sessionId: token } } })).toBe(0);
  });

  it('renders the participant page with the state only, and 404 for unknown tokens', async () => {
    const token = await enter({ PROLIFIC_PID: 'html' });
    const page = await fetch(`${server.url}/p/${token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-session-stage');
    expectNoSecrets(html);
    expect((await fetch(`${server.url}/p/${'B'.repeat(24)}`)).status).toBe(404);
    expect((await fetch(`${server.url}/s/no-such-study`)).status).toBe(404);
  });

  it('updates lastSeenAt on every call', async () => {
    const token = await start({ PROLIFIC_PID: 'seen' });
    await db.session.update({ where: { id: token }, data: { lastSeenAt: new Date('2020-01-01T00:00:00Z') } });
    await call('GET', `/api/sessions/${token}`);
    const seen = (await db.session.findUniqueOrThrow({ where: { id: token } })).lastSeenAt;
    expect(Date.now() - seen.getTime()).toBeLessThan(60_000);
  });
});
