/**
 * Guessing the admin password: the login form and Bearer tokens share one limit per client,
 * a locked client is refused even with the right password, and logging out ends the session
 * on the server. (The limiter is per process; each test uses its own client addresses.)
 */
import { describe, expect, it } from 'vitest';
import { adminPasswordWeakness } from '../../../../app/lib/auth/admin-password';
import { ADMIN_COOKIE, authorizeAdmin, cookieFromHeader } from '../../../../app/lib/auth/authorize';
import { refuseUnlessAdmin } from '../../../../app/lib/auth/guard-request';
import { handleLogin, handleLogout } from '../../../../app/lib/auth/login';
import { ADMIN_GUESS_LIMITS } from '../../../../app/lib/security/admin-lockout';

const env = { ADMIN_PASSWORD: 'lockout-test-password' };
const url = 'http://127.0.0.1:3000/admin/session';
const login = (password: string, client: string) =>
  handleLogin(
    new Request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', host: '127.0.0.1:3000', 'x-forwarded-for': client },
      body: new URLSearchParams({ password, next: '/admin' }).toString(),
    }),
    env,
  );
const bearer = (token: string, client: string) =>
  refuseUnlessAdmin(new Request('http://127.0.0.1:3000/api/admin/studies', { headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': client } }), env);

describe('admin guessing limit', () => {
  it('locks a client out of the form after 10 wrong passwords, the right one included, with the reason and Retry-After', async () => {
    const client = '192.0.2.10';
    for (let i = 0; i < ADMIN_GUESS_LIMITS.perClient; i++) {
      expect((await login(`wrong-${i}`, client)).headers.get('location')).toMatch(/error=wrong-password/);
    }
    const locked = await login(env.ADMIN_PASSWORD, client);
    expect(locked.status).toBe(303);
    expect(locked.headers.get('set-cookie')).toBeNull();
    expect(locked.headers.get('location')).toMatch(/^\/admin\/login\?error=locked&next=%2Fadmin&scope=client&wait=15$/);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    // Bearer tokens count against the same limit.
    const api = bearer(env.ADMIN_PASSWORD, client)!;
    expect(api.status).toBe(429);
    expect(api.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await api.json()).error).toMatch(/Too many wrong admin passwords from this address: sign-in is paused for 15 minutes/);
    // Another client is not affected.
    expect((await login(env.ADMIN_PASSWORD, '192.0.2.11')).headers.get('set-cookie')).toMatch(ADMIN_COOKIE);
  });

  it('counts wrong Bearer tokens, without any pause to wait out in parallel', () => {
    const client = '192.0.2.20';
    for (let i = 0; i < ADMIN_GUESS_LIMITS.perClient; i++) expect(bearer(`guess-${i}`, client)!.status).toBe(401);
    expect(bearer(env.ADMIN_PASSWORD, client)!.status).toBe(429);
    expect(bearer(env.ADMIN_PASSWORD, '192.0.2.21')).toBeNull();
  });
});

describe('logout', () => {
  it('revokes the session on the server: the same cookie no longer opens anything', async () => {
    const res = await login(env.ADMIN_PASSWORD, '192.0.2.30');
    const cookie = cookieFromHeader(res.headers.get('set-cookie')!.split(';')[0], ADMIN_COOKIE)!;
    expect(authorizeAdmin({ cookie }, env)).toEqual({ ok: true, via: 'cookie' });
    const out = handleLogout(new Request('http://127.0.0.1:3000/admin/logout', { method: 'POST', headers: { cookie: `${ADMIN_COOKIE}=${cookie}` } }), env);
    expect(out.status).toBe(303);
    expect(authorizeAdmin({ cookie }, env)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('adminPasswordWeakness', () => {
  it('refuses short or repetitive passwords with the reason, and accepts a random one', () => {
    expect(adminPasswordWeakness('hunter2')).toMatch(/ADMIN_PASSWORD is 7 characters long; use at least 12/);
    expect(adminPasswordWeakness('aaaaaaaaaaaaaaaa')).toMatch(/repeats too few characters/);
    expect(adminPasswordWeakness('q3Z-vT9x_Lm2Rw')).toBeNull();
  });
});
