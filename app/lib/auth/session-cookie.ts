/**
 * Set-Cookie values for the admin session. HttpOnly (scripts in the page cannot read it),
 * SameSite=Strict (no other site can make the browser send it), Secure when served over
 * HTTPS (a plain-HTTP local server must still be able to log in).
 */
import { ADMIN_COOKIE } from './authorize';
import { SESSION_TTL_SECONDS } from './session-token';

export function sessionCookie(token: string, secure: boolean, maxAgeSeconds = SESSION_TTL_SECONDS): string {
  return [`${ADMIN_COOKIE}=${token}`, 'Path=/', `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', secure, 0);
}

/** Whether the client reached us over HTTPS (directly or through a proxy that says so). */
export function isHttps(request: Request): boolean {
  const forwarded = request.headers.get('x-forwarded-proto');
  if (forwarded) return forwarded.split(',')[0].trim().toLowerCase() === 'https';
  return new URL(request.url).protocol === 'https:';
}
