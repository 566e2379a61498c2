/**
 * The login and logout exchanges as plain Request -> Response functions (the route
 * handlers under app/admin/ only delegate here), so tests can call them directly.
 */
import { z } from 'zod';
import { readAdminPassword } from './admin-password';
import { isCrossOrigin } from './same-origin';
import { secretEquals } from './secret-equals';
import { clearedSessionCookie, isHttps, sessionCookie } from './session-cookie';
import { createSessionToken } from './session-token';
import { safeReturnPath } from './return-path';

/** A pause after a wrong password: slows guessing without bothering a person who mistyped. */
export const WRONG_PASSWORD_DELAY_MS = 400;

const LoginForm = z.object({
  password: z.string().max(1000),
  next: z.string().max(2000).optional(),
});

function seeOther(location: string, cookie?: string): Response {
  const headers = new Headers({ Location: location, 'Cache-Control': 'no-store' });
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
  if (!secretEquals(parsed.data.password, password)) {
    await new Promise((resolve) => setTimeout(resolve, WRONG_PASSWORD_DELAY_MS));
    return seeOther(loginPage('wrong-password', next));
  }
  return seeOther(next, sessionCookie(createSessionToken(password), isHttps(request)));
}

export function handleLogout(request: Request): Response {
  if (isCrossOrigin(request)) return Response.json({ error: 'A logout must come from this site’s own pages.' }, { status: 403 });
  return seeOther('/admin/login', clearedSessionCookie(isHttps(request)));
}
