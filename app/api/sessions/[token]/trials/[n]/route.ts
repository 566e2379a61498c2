// GET /api/sessions/<token>/trials/<n>: trial n's presentation and its two opaque image URLs.
import { getPrisma } from '../../../../../lib/db/client';
import { handle, indexParam, jsonResponse } from '../../../../../lib/session/http';
import { getTrialView } from '../../../../../lib/session/trials';

export async function GET(_request: Request, { params }: { params: Promise<{ token: string; n: string }> }): Promise<Response> {
  return handle(async () => {
    const { token, n } = await params;
    return jsonResponse(await getTrialView(await getPrisma(), token, indexParam(n, 'trial')));
  });
}
