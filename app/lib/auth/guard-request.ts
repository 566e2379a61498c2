/**
 * The admin check for route handlers (layouts do not guard them): call it first and return
 * its answer when it gives one. Plain Web Request/Response, so it runs outside Next.js too.
 *
 *   const refused = refuseUnlessAdmin(request);
 *   if (refused) return refused;
 */
import { guessLockout, lockedResponse, recordWrongGuess } from '../security/admin-lockout';
import { clientAddress } from '../security/forwarded-headers';
import { ADMIN_CLOSED_MESSAGE } from './admin-password';
import { ADMIN_COOKIE, authorizeAdmin, cookieFromHeader } from './authorize';

export function refuseUnlessAdmin(request: Request, env: Record<string, string | undefined> = process.env): Response | null {
  const authorization = request.headers.get('authorization');
  // A Bearer token is a password guess: limited like the login form.
  const client = clientAddress(request);
  const blocked = authorization?.trim() ? guessLockout(client) : null;
  if (blocked) return lockedResponse(blocked);
  const access = authorizeAdmin({ cookie: cookieFromHeader(request.headers.get('cookie'), ADMIN_COOKIE), authorization }, env);
  if (access.ok) return null;
  if (access.reason === 'invalid' && authorization?.trim()) recordWrongGuess(client);
  const headers = { 'Cache-Control': 'no-store' };
  if (access.reason === 'closed') return Response.json({ error: ADMIN_CLOSED_MESSAGE }, { status: 503, headers });
  const error =
    access.reason === 'missing'
      ? 'Sign in at /admin/login, or send the admin password as "Authorization: Bearer <ADMIN_PASSWORD>".'
      : 'The admin credentials are wrong or the session has expired: sign in again at /admin/login.';
  return Response.json({ error }, { status: 401, headers: { ...headers, 'WWW-Authenticate': 'Bearer realm="admin"' } });
}
