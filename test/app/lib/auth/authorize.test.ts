import { describe, expect, it } from 'vitest';
import { ADMIN_COOKIE, authorizeAdmin, cookieFromHeader } from '../../../../app/lib/auth/authorize';
import { refuseUnlessAdmin } from '../../../../app/lib/auth/guard-request';
import { secretEquals } from '../../../../app/lib/auth/secret-equals';
import { createSessionToken } from '../../../../app/lib/auth/session-token';

const env = { ADMIN_PASSWORD: 's3cret-Password' };

describe('authorizeAdmin', () => {
  it('is closed when ADMIN_PASSWORD is unset or empty, whatever the credentials', () => {
    const token = createSessionToken('');
    expect(authorizeAdmin({ authorization: 'Bearer ' }, {})).toEqual({ ok: false, reason: 'closed' });
    expect(authorizeAdmin({ cookie: token }, { ADMIN_PASSWORD: '' })).toEqual({ ok: false, reason: 'closed' });
  });

  it('accepts the bearer password and a signed cookie', () => {
    expect(authorizeAdmin({ authorization: 'Bearer s3cret-Password' }, env)).toEqual({ ok: true, via: 'bearer' });
    expect(authorizeAdmin({ authorization: 'bearer   s3cret-Password ' }, env)).toEqual({ ok: true, via: 'bearer' });
    expect(authorizeAdmin({ cookie: createSessionToken(env.ADMIN_PASSWORD) }, env)).toEqual({ ok: true, via: 'cookie' });
  });

  it('refuses missing, wrong and differently-cased secrets', () => {
    expect(authorizeAdmin({}, env)).toEqual({ ok: false, reason: 'missing' });
    expect(authorizeAdmin({ authorization: 'Bearer s3cret-password' }, env)).toEqual({ ok: false, reason: 'invalid' });
    expect(authorizeAdmin({ authorization: 'Basic czNjcmV0LVBhc3N3b3Jk' }, env)).toEqual({ ok: false, reason: 'invalid' });
    // The password is not a session value.
    expect(authorizeAdmin({ cookie: env.ADMIN_PASSWORD }, env)).toEqual({ ok: false, reason: 'invalid' });
    expect(authorizeAdmin({ cookie: createSessionToken('another') }, env)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a wrong bearer token even alongside a valid cookie', () => {
    const cookie = createSessionToken(env.ADMIN_PASSWORD);
    expect(authorizeAdmin({ cookie, authorization: 'Bearer nope' }, env)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('secretEquals', () => {
  it('is equality on strings of any length', () => {
    expect(secretEquals('abc', 'abc')).toBe(true);
    expect(secretEquals('abc', 'abcd')).toBe(false);
    expect(secretEquals('', '')).toBe(true);
    expect(secretEquals('é', 'e\u0301')).toBe(false);
  });
});

describe('cookieFromHeader', () => {
  it('finds a cookie among others, by exact name', () => {
    expect(cookieFromHeader(`a=1; ${ADMIN_COOKIE}=v1.2.3.4; b=2`, ADMIN_COOKIE)).toBe('v1.2.3.4');
    expect(cookieFromHeader(`x${ADMIN_COOKIE}=1`, ADMIN_COOKIE)).toBeNull();
    expect(cookieFromHeader(null, ADMIN_COOKIE)).toBeNull();
    expect(cookieFromHeader(`${ADMIN_COOKIE}="q"`, ADMIN_COOKIE)).toBe('q');
  });
});

describe('refuseUnlessAdmin', () => {
  const request = (headers: Record<string, string>) => new Request('http://localhost/api/admin/studies', { headers });

  it('answers 503 with how to set the password when closed', async () => {
    const res = refuseUnlessAdmin(request({ authorization: 'Bearer x' }), {})!;
    expect(res.status).toBe(503);
    expect((await res.json()).error).toMatch(/ADMIN_PASSWORD is not set.*npm start/);
  });

  it('answers 401 without or with wrong credentials, and nothing (go on) with right ones', async () => {
    const missing = refuseUnlessAdmin(request({}), env)!;
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="admin"');
    expect((await missing.json()).error).toMatch(/Sign in/);
    expect(refuseUnlessAdmin(request({ cookie: `${ADMIN_COOKIE}=forged` }), env)!.status).toBe(401);
    expect(refuseUnlessAdmin(request({ authorization: 'Bearer s3cret-Password' }), env)).toBeNull();
    expect(refuseUnlessAdmin(request({ cookie: `${ADMIN_COOKIE}=${createSessionToken(env.ADMIN_PASSWORD)}` }), env)).toBeNull();
  });
});
