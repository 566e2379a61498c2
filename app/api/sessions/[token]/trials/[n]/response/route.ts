// POST /api/sessions/<token>/trials/<n>/response: the answer to trial n (stored once; retries are safe).
import { answer } from '../../../../../../lib/session/endpoints';
import { bodyText, errorReply, toResponse } from '../../../../../../lib/session/http';

export async function POST(request: Request, { params }: { params: Promise<{ token: string; n: string }> }): Promise<Response> {
  const { token, n } = await params;
  const body = await bodyText(request).catch((e: unknown) => e);
  return toResponse(typeof body === 'string' ? await answer(token, n, body) : errorReply(body));
}
