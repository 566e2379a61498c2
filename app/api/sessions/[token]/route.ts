// GET /api/sessions/<token>: the session's state (stage, progress, presentation, completion).
import { getPrisma } from '../../../lib/db/client';
import { handle, jsonResponse } from '../../../lib/session/http';
import { getSessionState } from '../../../lib/session/state';

export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  return handle(async () => {
    const { token } = await params;
    return jsonResponse(await getSessionState(await getPrisma(), token));
  });
}
