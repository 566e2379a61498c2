// GET /api/admin/studies/<id>/analysis?format=md|csv|json: the statistics module's full
// report (markdown with detail tables, long-format CSV, or JSON), as an attachment.
import { refuseUnlessAdmin } from '../../../../../lib/auth/guard-request';
import { getPrisma } from '../../../../../lib/db/client';
import { serveDownload } from '../../../../../lib/results/download-request';
import { AnalysisFormat, analysisDownload } from '../../../../../lib/results/downloads';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const refused = refuseUnlessAdmin(request);
  if (refused) return refused;
  return serveDownload(request, getPrisma, (await params).id, analysisDownload, AnalysisFormat);
}
