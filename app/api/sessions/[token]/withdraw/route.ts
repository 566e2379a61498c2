// POST /api/sessions/<token>/withdraw: the participant withdraws from the study ({ "confirm": true }).
import { getPrisma } from '../../../../lib/db/client';
import { WithdrawBodySchema } from '../../../../lib/session/api-types';
import { handle, jsonResponse, readBody } from '../../../../lib/session/http';
import { withdrawSession } from '../../../../lib/session/stages';

export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  return handle(async () => {
    const { token } = await params;
    await readBody(request, WithdrawBodySchema);
    return jsonResponse(await withdrawSession(await getPrisma(), token));
  });
}
