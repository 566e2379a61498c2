/**
 * The login and logout exchanges as plain Request -> Response functions (the route
 * handlers under app/admin/ only delegate here), so tests can call them directly.
 */
import { z } from 'zod';
import { guessLockout, recordWrongGuess } from '../security/admin-lockout';
import { clientAddress } from '../security/forwarded-headers';
import { revokeSession } from '../security/revoked-sessions';
import { readAdminPassword } from './admin-password';
import { ADMIN_COOKIE, cookieFromHeader } from './authorize';
import { isCrossOrigin } from './same-origin';
import { secretEquals } from './secret-equals';
import { clearedSessionCookie, isHttps, sessionCookie } from './session-cookie';
import { createSessionToken, sessionTokenExpiry, verifySessionToken } from './session-token';
import { safeReturnPath } from './return-path';

/** A pause after a wrong password: slows guessing without bothering a person who mistyped. */
export const WRONG_PASSWORD_DELAY_MS = 400;

const LoginForm = z.object({
  password: z.string().max(1000),
  next: z.string().max(2000).optional(),
});

function seeOther(location: string, cookie?: string, extra: Record<string, string> = {}): Response {
  const headers = new Headers({ Location: location, 'Cache-Control': 'no-store', ...extra });
  if (cookie) headers.append('Set-Cookie', cookie);
  return new Response(null, { status: 303, headers });
}

function loginPage(error: string, next: string): string {
  return `/admin/login?error=${error}&next=${encodeURIComponent(next)}`;
}

export async function handleLogin(request: Request, env: Record<string, string | undefined> = process.env): Promise<Response> {
  if (isCrossOrigin(request)) return Response.json({ error: 'A login must come from this site’s own login form.' }, { status: 403 });
  let fields: Record<string, unknown>;
  try {
    fields = Object.fromEntries((await request.formData()).entries());
  } catch {
    return Response.json({ error: 'Send the login form (fields "password" and "next"), form-encoded.' }, { status: 400 });
  }
  const parsed = LoginForm.safeParse(fields);
  if (!parsed.success) return Response.json({ error: `Bad login form: ${parsed.error.issues[0].message}` }, { status: 400 });
  const next = safeReturnPath(parsed.data.next);
  const password = readAdminPassword(env);
  // Closed: the login page explains how to open it.
  if (!password) return seeOther('/admin/login');
  const client = clientAddress(request);
  const blocked = guessLockout(client);
  if (blocked) {
    // Back to the form, which shows the message; Retry-After for anything that reads headers.
    const location = `${loginPage('locked', next)}&scope=${blocked.scope}&wait=${Math.ceil(blocked.retryAfterSeconds / 60)}`;
    return seeOther(location, undefined, { 'Retry-After': String(blocked.retryAfterSeconds) });
  }
  if (!secretEquals(parsed.data.password, password)) {
    recordWrongGuess(client);
    await new Promise((resolve) => setTimeout(resolve, WRONG_PASSWORD_DELAY_MS));
    return seeOther(loginPage('wrong-password', next));
  }
  return seeOther(next, sessionCookie(createSessionToken(password), isHttps(request)));
}

export function handleLogout(request: Request, env: Record<string, string | undefined> = process.env): Response {
  if (isCrossOrigin(request)) return Response.json({ error: 'A logout must come from this site’s own pages.' }, { status: 403 });
  // Revoked on the server too: a copy of the cookie must not outlive the logout.
  const token = cookieFromHeader(request.headers.get('cookie'), ADMIN_COOKIE);
  const password = readAdminPassword(env);
  if (token && password && verifySessionToken(token, password)) revokeSession(token, sessionTokenExpiry(token)!);
  return seeOther('/admin/login', clearedSessionCookie(isHttps(request)));
}
