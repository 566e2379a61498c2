// GET /api/admin/studies: every study with its progress counts (what the studies page lists).
import { refuseUnlessAdmin } from '../../../lib/auth/guard-request';
import { getPrisma } from '../../../lib/db/client';
import { listStudies } from '../../../lib/results/study-list';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const refused = refuseUnlessAdmin(request);
  if (refused) return refused;
  return Response.json({ studies: await listStudies(await getPrisma()) }, { headers: { 'Cache-Control': 'private, no-store' } });
}
