// GET /api/admin/studies/<id>/summary?format=csv|json: the per-method summary table, as an attachment.
import { refuseUnlessAdmin } from '../../../../../lib/auth/guard-request';
import { getPrisma } from '../../../../../lib/db/client';
import { serveDownload } from '../../../../../lib/results/download-request';
import { summaryDownload } from '../../../../../lib/results/downloads';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const refused = refuseUnlessAdmin(request);
  if (refused) return refused;
  return serveDownload(request, getPrisma, (await params).id, summaryDownload);
}
