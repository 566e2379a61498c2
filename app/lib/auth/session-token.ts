/**
 * The admin session cookie's value: an expiry time and a random nonce, signed with an
 * HMAC whose key is derived from ADMIN_PASSWORD. The cookie never holds the password, a
 * tampered value fails the signature, and changing the password ends every session.
 *
 * Format: `v1.<expires, Unix seconds>.<nonce, base64url>.<HMAC-SHA256, base64url>`.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { secretEquals } from './secret-equals';

/** How long a login lasts. A researcher checks results over days, so a working week. */
export const SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;

const VERSION = 'v1';
// Domain separation: the password also serves as the bearer token, so the signing key is a
// derivation of it rather than the password itself.
const KEY_LABEL = 'colorization-turing-test admin session v1';

function sign(password: string, payload: string): string {
  const key = createHmac('sha256', password).update(KEY_LABEL).digest();
  return createHmac('sha256', key).update(payload).digest('base64url');
}

/** A fresh signed session value, valid for `ttlSeconds` from `now`. */
export function createSessionToken(password: string, now: Date = new Date(), ttlSeconds = SESSION_TTL_SECONDS): string {
  const expires = Math.floor(now.getTime() / 1000) + ttlSeconds;
  const payload = `${VERSION}.${expires}.${randomBytes(18).toString('base64url')}`;
  return `${payload}.${sign(password, payload)}`;
}

/** When a session value expires (ms since the epoch); null for a value that is not one. */
export function sessionTokenExpiry(token: string): number | null {
  const parts = token.split('.');
  return parts.length === 4 && /^\d{1,12}$/.test(parts[1]) ? Number(parts[1]) * 1000 : null;
}

/** True when `token` was signed with `password` and has not expired at `now`. */
export function verifySessionToken(token: string, password: string, now: Date = new Date()): boolean {
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION || !/^\d{1,12}$/.test(parts[1])) return false;
  const payload = parts.slice(0, 3).join('.');
  // Check the signature before the expiry so that timing says nothing about forged payloads.
  if (!secretEquals(parts[3], sign(password, payload))) return false;
  return Number(parts[1]) * 1000 > now.getTime();
}
