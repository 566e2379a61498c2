// GET /api/health: answers at once, touching nothing; load tests compare the answer path with it.
import { NO_STORE } from '../../lib/session/http';

export function GET(): Response {
  return Response.json({ ok: true }, { headers: NO_STORE });
}
