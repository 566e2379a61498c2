// POST /api/sessions/<token>/trials/<n>/response: the answer to trial n (stored once; retries are safe).
import { getPrisma } from '../../../../../../lib/db/client';
import { ResponseBodySchema } from '../../../../../../lib/session/api-types';
import { handle, indexParam, jsonResponse, readBody } from '../../../../../../lib/session/http';
import { submitResponse } from '../../../../../../lib/session/responses';

export async function POST(request: Request, { params }: { params: Promise<{ token: string; n: string }> }): Promise<Response> {
  return handle(async () => {
    const { token, n } = await params;
    const index = indexParam(n, 'trial');
    const body = await readBody(request, ResponseBodySchema);
    return jsonResponse(await submitResponse(await getPrisma(), token, index, body));
  });
}
