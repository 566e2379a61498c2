// GET /api/sessions/<token>/trials/<n>/image/<slot>: the image in slot 0 (left / first) or 1 (right / second).
import { trialImage } from '../../../../../../../lib/session/endpoints';
import { toResponse } from '../../../../../../../lib/session/http';

export async function GET(_request: Request, { params }: { params: Promise<{ token: string; n: string; slot: string }> }): Promise<Response> {
  const { token, n, slot } = await params;
  return toResponse(await trialImage(token, n, slot));
}
