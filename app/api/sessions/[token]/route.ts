// GET /api/sessions/<token>: the session's state (stage, progress, presentation, completion).
import { sessionState } from '../../../lib/session/endpoints';
import { toResponse } from '../../../lib/session/http';

export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  return toResponse(await sessionState(token));
}
