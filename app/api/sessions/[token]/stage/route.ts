// POST /api/sessions/<token>/stage: leave a stage (consent, instructions + browser check, debrief).
import { advance } from '../../../../lib/session/endpoints';
import { bodyText, errorReply, toResponse } from '../../../../lib/session/http';

export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  const body = await bodyText(request).catch((e: unknown) => e);
  return toResponse(typeof body === 'string' ? await advance(token, body) : errorReply(body));
}
