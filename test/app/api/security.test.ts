/**
 * Issue 14 over HTTP against `npm start`'s servers: security headers, forwarded headers
 * with and without TRUST_PROXY, 400 for malformed paths, the session start throttle and its
 * origin and credential rules, the admin lockout and logout revocation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../app/lib/db/client';
import { resolveDatabase } from '../../../app/lib/db/url';
import { startServer, type TestServer } from '../../helpers/next-server';
import { createFixtureStudy, type FixtureStudy } from '../../helpers/study-fixture';

const PASSWORD = 'security-test-password';

describe('security over HTTP', () => {
  let dir: string;
  let db: Db;
  let plain: TestServer;
  let proxied: TestServer;
  let fixture: FixtureStudy;

  const start = (server: TestServer, params: Record<string, string> = {}, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify({ studyId: 'sec', params }),
    });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ct-api-security-'));
    const file = path.join(dir, 'studies.db');
    db = await openDatabase(resolveDatabase(file));
    fixture = await createFixtureStudy(db, { id: 'sec', config: { recruitment: { platform: 'direct' } } });
    [plain, proxied] = await Promise.all([
      startServer({ DATABASE_URL: file, ADMIN_PASSWORD: PASSWORD, SESSION_START_LIMIT: '3' }),
      startServer({ DATABASE_URL: file, ADMIN_PASSWORD: PASSWORD, TRUST_PROXY: '1' }),
    ]);
  });
  afterAll(async () => {
    await plain?.stop();
    await proxied?.stop();
    await db?.$disconnect();
    await fixture?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('forbids framing and referrers on pages and API answers, and ignores forwarded headers without TRUST_PROXY', async () => {
    const forged = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'evil.example', Authorization: `Bearer ${PASSWORD}` };
    for (const p of ['/', '/s/sec', '/api/admin/studies', '/admin/studies/sec']) {
      const res = await fetch(plain.url + p, { headers: forged, redirect: 'manual' });
      expect(res.status, p).toBe(200);
      expect(res.headers.get('content-security-policy'), p).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options'), p).toBe('DENY');
      expect(res.headers.get('referrer-policy'), p).toBe('same-origin');
      expect(res.headers.get('strict-transport-security'), p).toBeNull();
      if (p === '/admin/studies/sec') {
        const html = await res.text();
        expect(html).toContain(`${plain.url}/s/sec`);
        expect(html).not.toContain('evil.example');
      }
    }
    const login = await fetch(`${plain.url}/admin/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-Proto': 'https' },
      body: new URLSearchParams({ password: PASSWORD }).toString(),
      redirect: 'manual',
    });
    expect(login.headers.get('set-cookie')).not.toMatch(/Secure/);
  });

  it('behind a trusted proxy sends HSTS and Secure cookies over HTTPS, and links with the proxy’s host', async () => {
    const viaProxy = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'study.example.org', 'X-Forwarded-For': '198.51.100.40' };
    const page = await fetch(`${proxied.url}/admin/studies/sec`, { headers: { ...viaProxy, Authorization: `Bearer ${PASSWORD}` } });
    expect(page.headers.get('strict-transport-security')).toBe('max-age=31536000');
    expect(await page.text()).toContain('https://study.example.org/s/sec');
    const login = await fetch(`${proxied.url}/admin/session`, {
      method: 'POST',
      headers: { ...viaProxy, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ password: PASSWORD }).toString(),
      redirect: 'manual',
    });
    expect(login.headers.get('set-cookie')).toMatch(/; Secure/);
    const session = await start(proxied, {}, viaProxy);
    expect(session.status).toBe(201);
    expect(session.headers.get('set-cookie')).toMatch(/; Secure/i);
  });

  it('answers malformed percent-encodings with 400 and a reason, before any route', async () => {
    for (const p of ['/api/sessions/%C0', '/s/%C0%AE', '/p/%C0', '/api/admin/studies/%C0/trials', '/admin/studies/%ZZ']) {
      const res = await fetch(plain.url + p);
      expect(res.status, p).toBe(400);
      expect((await res.json()).code).toBe('bad-path');
    }
  });

  it('starts sessions only from JSON posts of this site, simulated ones only with the admin password, and a few per client', async () => {
    const crossSite = await start(plain, {}, { Origin: 'https://evil.example' });
    expect([crossSite.status, (await crossSite.json()).code]).toEqual([403, 'cross-origin']);
    const plainText = await fetch(`${plain.url}/api/sessions`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ studyId: 'sec', params: {} }) });
    expect(plainText.status).toBe(415);
    const simulated = await start(plain, { SIMULATED_ID: 'sim-x' });
    expect([simulated.status, (await simulated.json()).code]).toEqual([401, 'simulated-needs-admin']);
    expect((await start(plain, { SIMULATED_ID: 'sim-x' }, { Authorization: `Bearer ${PASSWORD}` })).status).toBe(201);
    expect(await db.session.count({ where: { studyId: 'sec', participant: { source: 'simulated' } } })).toBe(1);

    const before = await db.session.count();
    for (let i = 0; i < 3; i++) expect((await start(plain)).status).toBe(201);
    const throttled = await start(plain);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await throttled.json()).error).toMatch(/Too many new sessions from this address/);
    expect(await db.session.count()).toBe(before + 3);
    // Simulated participants (with the credential) are not throttled.
    expect((await start(plain, { SIMULATED_ID: 'sim-y' }, { Authorization: `Bearer ${PASSWORD}` })).status).toBe(201);
  });

  it('locks a client out after 10 wrong Bearer tokens, lets others in, and revokes a session on logout', async () => {
    const as = (client: string, token: string) =>
      fetch(`${proxied.url}/api/admin/studies`, { headers: { 'X-Forwarded-For': client, Authorization: `Bearer ${token}` } });
    const guesses = await Promise.all(Array.from({ length: 10 }, (_, i) => as('203.0.113.9', `guess-${i}`)));
    expect(guesses.map((r) => r.status)).toEqual(Array(10).fill(401));
    const locked = await as('203.0.113.9', PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await as('203.0.113.10', PASSWORD)).status).toBe(200);

    const login = await fetch(`${proxied.url}/admin/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': '203.0.113.11' },
      body: new URLSearchParams({ password: PASSWORD }).toString(),
      redirect: 'manual',
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const withCookie = () => fetch(`${proxied.url}/api/admin/studies`, { headers: { Cookie: cookie } });
    expect((await withCookie()).status).toBe(200);
    const out = await fetch(`${proxied.url}/admin/logout`, { method: 'POST', headers: { Cookie: cookie }, redirect: 'manual' });
    expect(out.status).toBe(303);
    expect((await withCookie()).status).toBe(401);
  });
});
