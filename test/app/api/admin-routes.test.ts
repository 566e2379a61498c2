// Nothing admin is reachable without credentials. The admin routes are enumerated from the
// files under app/admin and app/api/admin, so a route added later is covered without
// editing this test; a route with a parameter this test does not know fails it.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_COOKIE } from '../../../app/lib/auth/authorize';
import { openDatabase } from '../../../app/lib/db/client';
import { projectRoot } from '../../../app/lib/db/migrations';
import { resolveDatabase } from '../../../app/lib/db/url';
import { createKnownStudy, KNOWN_STUDY_ID, KNOWN_STUDY_NAME } from '../lib/results/known-study';
import { startServer, type TestServer } from '../../helpers/next-server';

const PASSWORD = 'routes-test-password';
/** Routes anyone may call: they are how one logs in and out. */
const PUBLIC_ROUTES = new Set(['app/admin/session/route.ts', 'app/admin/logout/route.ts']);
/** Pages anyone may see: the login form. */
const PUBLIC_PAGES = new Set(['app/admin/login/page.tsx']);

interface RouteFile {
  file: string;
  kind: 'page' | 'route';
  /** URL path with [params] in it */
  pattern: string;
  methods: string[];
}

function walk(dir: string): string[] {
  return readdirSync(path.join(projectRoot, dir), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)],
  );
}

function adminRouteFiles(): RouteFile[] {
  return [...walk('app/admin'), ...walk('app/api/admin')]
    .filter((f) => /(^|\/)(page\.tsx|route\.ts)$/.test(f))
    .map((file) => {
      const kind = file.endsWith('page.tsx') ? 'page' : 'route';
      // Route groups "(name)" are not part of the URL.
      const pattern = '/' + path.dirname(file).replace(/^app\//, '').split('/').filter((s) => !/^\(.*\)$/.test(s)).join('/');
      const source = readFileSync(path.join(projectRoot, file), 'utf8');
      const methods = kind === 'page' ? ['GET'] : [...source.matchAll(/export (?:async )?function (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]);
      return { file, kind, pattern, methods };
    });
}

function fill(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/\[([^\]]+)\]/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`${pattern}: no test value for [${name}]; add one to this test`);
    return encodeURIComponent(params[name]);
  });
}

const files = adminRouteFiles();

describe('the route files', () => {
  it('are found, and each guards itself through the one admin check', () => {
    expect(files.map((f) => f.pattern)).toEqual(expect.arrayContaining(['/admin', '/admin/studies/[id]/results', '/api/admin/studies/[id]/trials']));
    for (const f of files) {
      const source = readFileSync(path.join(projectRoot, f.file), 'utf8');
      if (PUBLIC_ROUTES.has(f.file) || PUBLIC_PAGES.has(f.file)) continue;
      if (f.kind === 'page') expect(source, f.file).toMatch(/await requireAdmin\(/);
      else {
        expect(f.methods.length, f.file).toBeGreaterThan(0);
        // Every handler starts by asking; count the asks against the handlers.
        expect(source.match(/refuseUnlessAdmin\(request\)/g)?.length ?? 0, f.file).toBe(f.methods.length);
      }
    }
  });
});

describe('admin routes over HTTP', () => {
  let dir: string;
  let open: TestServer;
  let closed: TestServer;
  let params: Record<string, string>;
  let participantId: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ct-admin-routes-'));
    const file = path.join(dir, 'studies.db');
    const db = await openDatabase(resolveDatabase(file));
    const known = await createKnownStudy(db);
    await db.$disconnect();
    participantId = known.participants.p0;
    params = { id: KNOWN_STUDY_ID, assetId: known.assetIds[0] };
    // TRUST_PROXY: the refusal test sends its wrong credentials from many addresses, so that
    // the guessing limit (tested in security.test.ts) does not lock this test's client out.
    open = await startServer({ DATABASE_URL: file, ADMIN_PASSWORD: PASSWORD, TRUST_PROXY: '1' });
    closed = await startServer({ DATABASE_URL: file, ADMIN_PASSWORD: '' });
  });
  afterAll(async () => {
    await open?.stop();
    await closed?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What no refused request may show: the study's name or a participant's id. */
  function expectNoSecrets(body: string, where: string): void {
    expect(body, where).not.toContain(KNOWN_STUDY_NAME);
    expect(body, where).not.toContain(participantId);
  }

  async function refusedPage(base: string, url: string, headers: Record<string, string>, expectText: RegExp): Promise<void> {
    const res = await fetch(base + url, { headers, redirect: 'manual' });
    const body = await res.text();
    expectNoSecrets(body, url);
    if (res.status === 307 || res.status === 303) {
      expect(res.headers.get('location'), url).toMatch(/^\/admin\/login/);
    } else {
      expect(res.status, url).toBe(200);
      expect(body, url).toMatch(expectText);
    }
  }

  it('refuses every admin page and API route without credentials, with wrong ones and with a tampered cookie', async () => {
    // A real session cookie, then the same with one character of its signature changed.
    const login = await fetch(open.url + '/admin/session', {
      method: 'POST',
      body: new URLSearchParams({ password: PASSWORD, next: '/admin' }),
      redirect: 'manual',
    });
    const good = /ct_admin_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')![1];
    const tampered = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
    const bad: Record<string, Record<string, string>> = {
      none: {},
      'wrong bearer': { authorization: `Bearer ${PASSWORD}x` },
      'password as cookie': { cookie: `${ADMIN_COOKIE}=${PASSWORD}` },
      'tampered cookie': { cookie: `${ADMIN_COOKIE}=${tampered}` },
    };
    let checked = 0;
    let clients = 0;
    const from = (headers: Record<string, string>) => ({ ...headers, 'x-forwarded-for': `198.18.${Math.floor(++clients / 250)}.${clients % 250}` });
    for (const f of files) {
      if (PUBLIC_ROUTES.has(f.file) || PUBLIC_PAGES.has(f.file)) continue;
      const url = fill(f.pattern, params);
      for (const [label, headers] of Object.entries(bad)) {
        if (f.kind === 'page') {
          await refusedPage(open.url, url, from(headers), /Researcher sign-in/);
        } else {
          for (const method of f.methods) {
            const res = await fetch(open.url + url, { method, headers: from(headers) });
            expect(res.status, `${method} ${url} (${label})`).toBe(401);
            expectNoSecrets(await res.text(), url);
          }
        }
        checked++;
      }
      // The right credentials open it (pages and routes alike take the bearer password); form
      // actions that only take POST (preview, status) are opened in their own tests.
      if (f.kind !== 'page' && !f.methods.includes('GET')) continue;
      const ok = await fetch(open.url + url, { headers: { authorization: `Bearer ${PASSWORD}` }, redirect: 'manual' });
      expect(ok.status, `GET ${url} with the password`).toBe(200);
      const okCookie = await fetch(open.url + url, { headers: { cookie: `${ADMIN_COOKIE}=${good}` }, redirect: 'manual' });
      expect(okCookie.status, `GET ${url} with the session cookie`).toBe(200);
    }
    expect(checked).toBeGreaterThanOrEqual(4 * 8);
  });

  it('closes everything, with a message saying how to open it, when ADMIN_PASSWORD is unset', async () => {
    for (const f of files) {
      if (PUBLIC_ROUTES.has(f.file)) continue;
      const url = fill(f.pattern, params);
      if (f.kind === 'page') {
        await refusedPage(closed.url, url, { authorization: 'Bearer ' }, /closed because ADMIN_PASSWORD is not set|researcher pages are closed/);
      } else {
        for (const method of f.methods) {
          const res = await fetch(closed.url + url, { method });
          expect(res.status, `${method} ${url}`).toBe(503);
          expect((await res.json()).error).toMatch(/ADMIN_PASSWORD is not set.*npm start/);
        }
      }
    }
    const login = await fetch(closed.url + '/admin/session', { method: 'POST', body: new URLSearchParams({ password: '' }), redirect: 'manual' });
    expect(login.headers.get('set-cookie')).toBeNull();
  });

  it('logs in only with the right password, from this site', async () => {
    const wrong = await fetch(open.url + '/admin/session', { method: 'POST', body: new URLSearchParams({ password: 'nope', next: '/admin' }), redirect: 'manual' });
    expect(wrong.status).toBe(303);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const forged = await fetch(open.url + '/admin/session', {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
      body: new URLSearchParams({ password: PASSWORD }),
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('set-cookie')).toBeNull();
    expect((await fetch(open.url + '/admin/session')).status).toBe(405);
    const out = await fetch(open.url + '/admin/logout', { method: 'POST', redirect: 'manual' });
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
  });

  it('answers bad download requests with a reason', async () => {
    const auth = { authorization: `Bearer ${PASSWORD}` };
    const badFormat = await fetch(`${open.url}/api/admin/studies/${KNOWN_STUDY_ID}/trials?format=xlsx`, { headers: auth });
    expect(badFormat.status).toBe(400);
    expect((await badFormat.json()).error).toMatch(/"csv" or "json"/);
    const unknown = await fetch(`${open.url}/api/admin/studies/nope/summary?format=json`, { headers: auth });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatch(/no study with id "nope"/);
    const otherAsset = await fetch(`${open.url}/api/admin/studies/nope/assets/${params.assetId}`, { headers: auth });
    expect(otherAsset.status).toBe(404);
    const asset = await fetch(`${open.url}/api/admin/studies/${KNOWN_STUDY_ID}/assets/${params.assetId}`, { headers: auth });
    expect(asset.headers.get('content-type')).toBe('image/png');
    expect(asset.headers.get('cache-control')).toMatch(/^private/);
    const badReport = await fetch(`${open.url}/api/admin/studies/${KNOWN_STUDY_ID}/analysis?format=pdf`, { headers: auth });
    expect((await badReport.json()).error).toMatch(/"md", "csv" or "json"/);
    const report = await fetch(`${open.url}/api/admin/studies/${KNOWN_STUDY_ID}/analysis?format=md`, { headers: auth });
    expect(report.headers.get('content-type')).toMatch(/^text\/markdown/);
    const list = await (await fetch(`${open.url}/api/admin/studies`, { headers: auth })).json();
    expect(list.studies[0]).toMatchObject({ id: KNOWN_STUDY_ID, responses: 58 });
  });
});
