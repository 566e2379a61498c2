// POST /api/sessions/<token>/stage: leave a stage (consent, instructions + browser check, debrief).
import { getPrisma } from '../../../../lib/db/client';
import { AdvanceBodySchema } from '../../../../lib/session/api-types';
import { handle, jsonResponse, readBody } from '../../../../lib/session/http';
import { advanceStage } from '../../../../lib/session/stages';

export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  return handle(async () => {
    const { token } = await params;
    const body = await readBody(request, AdvanceBodySchema);
    return jsonResponse(await advanceStage(await getPrisma(), token, body));
  });
}
