import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SESSION_TTL_SECONDS, createSessionToken, verifySessionToken } from '../../../../app/lib/auth/session-token';

const password = 'correct horse battery staple';
const now = new Date('2026-11-26T12:00:00Z');

describe('admin session token', () => {
  it('verifies with the password that signed it, until it expires', () => {
    const token = createSessionToken(password, now);
    expect(verifySessionToken(token, password, now)).toBe(true);
    expect(verifySessionToken(token, password, new Date(now.getTime() + (SESSION_TTL_SECONDS - 1) * 1000))).toBe(true);
    expect(verifySessionToken(token, password, new Date(now.getTime() + SESSION_TTL_SECONDS * 1000))).toBe(false);
  });

  it('does not contain the password and differs on every login', () => {
    const a = createSessionToken(password, now);
    const b = createSessionToken(password, now);
    expect(a).not.toContain(password);
    expect(a).not.toContain(Buffer.from(password).toString('base64url'));
    expect(a).not.toBe(b);
  });

  it('refuses a token signed with another password (changing the password ends sessions)', () => {
    expect(verifySessionToken(createSessionToken('old password', now), password, now)).toBe(false);
  });

  it('refuses any tampering: a later expiry, another nonce, a changed signature, wrong shapes', () => {
    const token = createSessionToken(password, now);
    const [v, expires, nonce, mac] = token.split('.');
    expect(verifySessionToken([v, String(Number(expires) + 3600), nonce, mac].join('.'), password, now)).toBe(false);
    expect(verifySessionToken([v, expires, nonce.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')), mac].join('.'), password, now)).toBe(false);
    const flipped = mac.slice(0, -2) + (mac.at(-2) === 'A' ? 'B' : 'A') + mac.at(-1);
    expect(verifySessionToken([v, expires, nonce, flipped].join('.'), password, now)).toBe(false);
    expect(verifySessionToken(['v2', expires, nonce, mac].join('.'), password, now)).toBe(false);
    expect(verifySessionToken('', password, now)).toBe(false);
    expect(verifySessionToken(`${token}.extra`, password, now)).toBe(false);
    expect(verifySessionToken(password, password, now)).toBe(false);
  });

  it('refuses a well-formed token whose MAC is keyed with the bare password (the key is derived)', () => {
    // A forger who knows the format but signs with the password itself, not the derived key.
    const payload = `v1.${Math.floor(now.getTime() / 1000) + 3600}.bm9uY2U`;
    const naive = `${payload}.${createHmac('sha256', password).update(payload).digest('base64url')}`;
    expect(verifySessionToken(naive, password, now)).toBe(false);
  });
});
