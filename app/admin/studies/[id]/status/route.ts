// POST /admin/studies/<id>/status (form field status=open|paused|closed): the overview page's
// open / pause / close buttons; back to the overview afterwards.
import { refuseUnlessAdmin } from '../../../../lib/auth/guard-request';
import { isCrossOrigin } from '../../../../lib/auth/same-origin';
import { getPrisma } from '../../../../lib/db/client';
import { isStudyStatus, setStudyStatus, STUDY_STATUSES } from '../../../../lib/study/lifecycle';

export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const refused = refuseUnlessAdmin(request);
  if (refused) return refused;
  if (isCrossOrigin(request)) return Response.json({ error: 'The status is changed from the study overview page.' }, { status: 403 });
  const { id } = await params;
  const status = String((await request.formData().catch(() => null))?.get('status') ?? '');
  if (!isStudyStatus(status)) return Response.json({ error: `status must be ${STUDY_STATUSES.join(', ')}` }, { status: 400 });
  if (!(await setStudyStatus(await getPrisma(), id, status))) return Response.json({ error: `There is no study with id "${id}".` }, { status: 404 });
  return new Response(null, { status: 303, headers: { Location: `/admin/studies/${encodeURIComponent(id)}`, 'Cache-Control': 'no-store' } });
}
