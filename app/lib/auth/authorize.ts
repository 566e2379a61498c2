/**
 * The one admin check: every admin page, layout and route handler asks this function.
 * Credentials are either the session cookie set by the login form or
 * `Authorization: Bearer <ADMIN_PASSWORD>` (for scripts and curl).
 */
import { isRevoked } from '../security/revoked-sessions';
import { readAdminPassword } from './admin-password';
import { secretEquals } from './secret-equals';
import { verifySessionToken } from './session-token';

export const ADMIN_COOKIE = 'ct_admin_session';

export interface AdminCredentials {
  /** Value of the admin session cookie, if the request carried one. */
  cookie?: string | null;
  /** The Authorization header, if any. */
  authorization?: string | null;
}

export type AdminAccess =
  | { ok: true; via: 'cookie' | 'bearer' }
  /** closed: ADMIN_PASSWORD is unset; missing: no credentials; invalid: wrong or expired ones. */
  | { ok: false; reason: 'closed' | 'missing' | 'invalid' };

export function authorizeAdmin(
  credentials: AdminCredentials,
  env: Record<string, string | undefined> = process.env,
  now: Date = new Date(),
): AdminAccess {
  const password = readAdminPassword(env);
  if (!password) return { ok: false, reason: 'closed' };
  const authorization = credentials.authorization?.trim();
  if (authorization) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization);
    if (match && secretEquals(match[1], password)) return { ok: true, via: 'bearer' };
    // A wrong bearer token is refused even when a valid cookie comes along: a script
    // that sends a stale token should learn so, not succeed by accident.
    return { ok: false, reason: 'invalid' };
  }
  if (credentials.cookie) {
    const valid = verifySessionToken(credentials.cookie, password, now) && !isRevoked(credentials.cookie);
    return valid ? { ok: true, via: 'cookie' } : { ok: false, reason: 'invalid' };
  }
  return { ok: false, reason: 'missing' };
}

/** Reads one cookie from a Cookie header (RFC 6265 syntax); null when absent. */
export function cookieFromHeader(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
    }
  }
  return null;
}
