// POST /api/sessions/<token>/withdraw: the participant withdraws from the study ({ "confirm": true }).
import { withdraw } from '../../../../lib/session/endpoints';
import { bodyText, errorReply, toResponse } from '../../../../lib/session/http';

export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  const body = await bodyText(request).catch((e: unknown) => e);
  return toResponse(typeof body === 'string' ? await withdraw(token, body) : errorReply(body));
}
