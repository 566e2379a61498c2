/**
 * The admin check for server components (the admin layout and every admin page), over
 * the same `authorizeAdmin` as the route handlers. The one module in app/lib/auth that
 * needs Next.js: it reads the request through next/headers and redirects with next/navigation.
 */
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { guessLockout, recordWrongGuess } from '../security/admin-lockout';
import { ADMIN_COOKIE, authorizeAdmin, type AdminAccess } from './authorize';

/** The current request's admin access, for components that render differently (the layout). */
export async function currentAdminAccess(): Promise<AdminAccess> {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  const authorization = headerList.get('authorization');
  // A Bearer token is a password guess, limited as on the API (app/lib/security/admin-lockout.ts).
  const client = headerList.get('x-forwarded-for') ?? 'unknown';
  if (authorization?.trim() && guessLockout(client)) return { ok: false, reason: 'invalid' };
  const access = authorizeAdmin({ cookie: cookieStore.get(ADMIN_COOKIE)?.value ?? null, authorization });
  if (!access.ok && access.reason === 'invalid' && authorization?.trim()) recordWrongGuess(client);
  return access;
}

/** First line of every admin page: continues only for an admin, else redirects to the login page. */
export async function requireAdmin(returnTo: string): Promise<void> {
  const access = await currentAdminAccess();
  if (!access.ok) redirect(`/admin/login?next=${encodeURIComponent(returnTo)}`);
}
