// POST /admin/studies/<id>/preview: starts a preview session (source "preview", kept out of
// the results) and sends the researcher to it. A POST from the overview page's form, so that
// link prefetching never creates sessions.
import { refuseUnlessAdmin } from '../../../../lib/auth/guard-request';
import { isCrossOrigin } from '../../../../lib/auth/same-origin';
import { getPrisma } from '../../../../lib/db/client';
import { SessionError } from '../../../../lib/session/errors';
import { startPreview } from '../../../../lib/session/preview';

export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const refused = refuseUnlessAdmin(request);
  if (refused) return refused;
  if (isCrossOrigin(request)) return Response.json({ error: 'A preview starts from the study overview page.' }, { status: 403 });
  const { id } = await params;
  try {
    const { token } = await startPreview(await getPrisma(), id);
    return new Response(null, { status: 303, headers: { Location: `/p/${token}`, 'Cache-Control': 'no-store' } });
  } catch (e) {
    if (e instanceof SessionError) return Response.json({ error: e.message }, { status: e.status });
    throw e;
  }
}
