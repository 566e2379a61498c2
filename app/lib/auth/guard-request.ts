/**
 * The admin check for route handlers (layouts do not guard them): call it first and return
 * its answer when it gives one. Plain Web Request/Response, so it runs outside Next.js too.
 *
 *   const refused = refuseUnlessAdmin(request);
 *   if (refused) return refused;
 */
import { ADMIN_CLOSED_MESSAGE } from './admin-password';
import { ADMIN_COOKIE, authorizeAdmin, cookieFromHeader } from './authorize';

export function refuseUnlessAdmin(request: Request, env: Record<string, string | undefined> = process.env): Response | null {
  const access = authorizeAdmin(
    { cookie: cookieFromHeader(request.headers.get('cookie'), ADMIN_COOKIE), authorization: request.headers.get('authorization') },
    env,
  );
  if (access.ok) return null;
  const headers = { 'Cache-Control': 'no-store' };
  if (access.reason === 'closed') return Response.json({ error: ADMIN_CLOSED_MESSAGE }, { status: 503, headers });
  const error =
    access.reason === 'missing'
      ? 'Sign in at /admin/login, or send the admin password as "Authorization: Bearer <ADMIN_PASSWORD>".'
      : 'The admin credentials are wrong or the session has expired: sign in again at /admin/login.';
  return Response.json({ error }, { status: 401, headers: { ...headers, 'WWW-Authenticate': 'Bearer realm="admin"' } });
}
