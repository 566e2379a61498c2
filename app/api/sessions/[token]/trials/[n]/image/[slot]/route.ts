// GET /api/sessions/<token>/trials/<n>/image/<slot>: the image in slot 0 (left / first) or 1 (right / second).
import { getPrisma } from '../../../../../../../lib/db/client';
import { SessionError } from '../../../../../../../lib/session/errors';
import { handle, indexParam, NO_STORE } from '../../../../../../../lib/session/http';
import { getTrialImage } from '../../../../../../../lib/session/trials';

export async function GET(_request: Request, { params }: { params: Promise<{ token: string; n: string; slot: string }> }): Promise<Response> {
  return handle(async () => {
    const { token, n, slot } = await params;
    if (slot !== '0' && slot !== '1') throw new SessionError(404, `There is no image slot "${slot}": use 0 or 1.`, 'unknown-path');
    const image = await getTrialImage(await getPrisma(), token, indexParam(n, 'trial'), slot === '0' ? 0 : 1);
    // No ETag or Last-Modified: nothing that would let two trials' images be matched up.
    return new Response(Buffer.from(image.bytes), {
      headers: { ...NO_STORE, 'Content-Type': image.mime, 'X-Content-Type-Options': 'nosniff' },
    });
  });
}
