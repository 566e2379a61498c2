// POST /admin/logout: clears the session cookie. Public: logging out needs no credentials.
import { handleLogout } from '../../lib/auth/login';

export const dynamic = 'force-dynamic';

export function POST(request: Request): Response {
  return handleLogout(request);
}
