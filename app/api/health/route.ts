// GET /api/health: answers at once, touching nothing; load tests compare the answer path with it.
import { toResponse } from '../../lib/session/http';
import { health } from '../../lib/session/endpoints';

export function GET(): Response {
  return toResponse(health());
}
