// GET /api/sessions/<token>/trials/<n>: trial n's presentation and its two opaque image URLs.
import { trialView } from '../../../../../lib/session/endpoints';
import { toResponse } from '../../../../../lib/session/http';

export async function GET(_request: Request, { params }: { params: Promise<{ token: string; n: string }> }): Promise<Response> {
  const { token, n } = await params;
  return toResponse(await trialView(token, n));
}
