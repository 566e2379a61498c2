// POST /admin/session: the login form's target. Public by design (it is how one gets in);
// it sets the session cookie only for the right password.
import { handleLogin } from '../../lib/auth/login';

export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return handleLogin(request);
}
