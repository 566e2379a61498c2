// GET /api/admin/studies/<id>: the study's progress (sessions by stage, per-method counts, config).
import { refuseUnlessAdmin } from '../../../../lib/auth/guard-request';
import { getPrisma } from '../../../../lib/db/client';
import { loadStudyProgress } from '../../../../lib/results/study-progress';
import { configWithoutPaths } from '../../../../lib/security/config-without-paths';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const refused = refuseUnlessAdmin(request);
  if (refused) return refused;
  const { id } = await params;
  const progress = await loadStudyProgress(await getPrisma(), id);
  if (!progress) return Response.json({ error: `There is no study with id "${id}".` }, { status: 404 });
  const { configText: _text, ...rest } = progress;
  return Response.json({ ...rest, config: configWithoutPaths(rest.config) }, { headers: { 'Cache-Control': 'private, no-store' } });
}
