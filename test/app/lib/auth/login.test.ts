import { describe, expect, it } from 'vitest';
import { ADMIN_COOKIE, authorizeAdmin, cookieFromHeader } from '../../../../app/lib/auth/authorize';
import { handleLogin, handleLogout } from '../../../../app/lib/auth/login';
import { safeReturnPath } from '../../../../app/lib/auth/return-path';

const env = { ADMIN_PASSWORD: 'pw-for-tests' };

function loginRequest(fields: Record<string, string>, headers: Record<string, string> = {}, url = 'http://127.0.0.1:3000/admin/session') {
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', host: new URL(url).host, ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

describe('handleLogin', () => {
  it('sets an HttpOnly SameSite=Strict session cookie for the right password and returns to the page asked for', async () => {
    const res = await handleLogin(loginRequest({ password: 'pw-for-tests', next: '/admin/studies/demo/results' }), env);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/studies/demo/results');
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/);
    expect(setCookie).not.toContain('pw-for-tests');
    const value = cookieFromHeader(setCookie.split(';')[0], ADMIN_COOKIE);
    expect(authorizeAdmin({ cookie: value }, env)).toEqual({ ok: true, via: 'cookie' });
  });

  it('marks the cookie Secure behind an HTTPS proxy', async () => {
    const res = await handleLogin(loginRequest({ password: 'pw-for-tests' }, { 'x-forwarded-proto': 'https' }), env);
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
    expect(res.headers.get('location')).toBe('/admin');
  });

  it('sends a wrong password back to the form with no cookie', async () => {
    const res = await handleLogin(loginRequest({ password: 'pw-for-test', next: '/admin/studies/x' }), env);
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('location')).toBe('/admin/login?error=wrong-password&next=%2Fadmin%2Fstudies%2Fx');
  });

  it('refuses a login posted from another site', async () => {
    const res = await handleLogin(loginRequest({ password: 'pw-for-tests' }, { origin: 'https://evil.example' }), env);
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
    const same = await handleLogin(loginRequest({ password: 'pw-for-tests' }, { origin: 'http://127.0.0.1:3000' }), env);
    expect(same.headers.get('set-cookie')).toMatch(ADMIN_COOKIE);
  });

  it('gives no cookie when the admin side is closed, and 400 for a malformed body', async () => {
    const closed = await handleLogin(loginRequest({ password: '' }), {});
    expect(closed.headers.get('set-cookie')).toBeNull();
    expect(closed.headers.get('location')).toBe('/admin/login');
    const bad = await handleLogin(new Request('http://127.0.0.1:3000/admin/session', { method: 'POST', body: 'x' }), env);
    expect(bad.status).toBe(400);
    const noPassword = await handleLogin(loginRequest({ next: '/admin' }), env);
    expect(noPassword.status).toBe(400);
  });
});

describe('handleLogout', () => {
  it('clears the cookie', () => {
    const res = handleLogout(new Request('http://127.0.0.1/admin/logout', { method: 'POST' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(new RegExp(`^${ADMIN_COOKIE}=; Path=/; Max-Age=0`));
  });
});

describe('safeReturnPath', () => {
  it('keeps admin paths and replaces everything else by /admin', () => {
    expect(safeReturnPath('/admin/studies/demo?tab=1')).toBe('/admin/studies/demo?tab=1');
    expect(safeReturnPath('/admin')).toBe('/admin');
    for (const bad of ['https://evil.example/admin', '//evil.example', '/\\evil.example', '/administrator', '/admin/login', '/admin/login?next=/x', '/', null, '']) {
      expect(safeReturnPath(bad)).toBe('/admin');
    }
  });
});
