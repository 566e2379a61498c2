// GET /api/sessions/<token>/trials/<n>/image/<slot>: the image in slot 0 (left / first) or 1 (right / second).
import { getPrisma } from '../../../../../../../lib/db/client';
import { SessionError } from '../../../../../../../lib/session/errors';
import { handle, indexParam, NO_STORE } from '../../../../../../../lib/session/http';
import { getTrialImage } from '../../../../../../../lib/session/trials';
import { SERVED_STIMULUS_MIME, servedStimulus } from '../../../../../../../lib/stimuli/served-stimulus';

export async function GET(_request: Request, { params }: { params: Promise<{ token: string; n: string; slot: string }> }): Promise<Response> {
  return handle(async () => {
    const { token, n, slot } = await params;
    if (slot !== '0' && slot !== '1') throw new SessionError(404, `There is no image slot "${slot}": use 0 or 1.`, 'unknown-path');
    const index = indexParam(n, 'trial');
    const image = await getTrialImage(await getPrisma(), token, index, slot === '0' ? 0 : 1);
    // Never the stored bytes: a per-session copy whose size and headers say nothing (see served-stimulus.ts).
    const bytes = await servedStimulus(image.bytes, `${token}/${index}/${slot}`);
    // No ETag or Last-Modified: nothing that would let two trials' images be matched up.
    return new Response(Buffer.from(bytes), {
      headers: { ...NO_STORE, 'Content-Type': SERVED_STIMULUS_MIME, 'X-Content-Type-Options': 'nosniff' },
    });
  });
}
