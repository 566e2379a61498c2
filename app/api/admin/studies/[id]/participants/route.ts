// GET /api/admin/studies/<id>/participants?format=csv|json|approve|reject|bonus[&amount=…]:
// matching sessions to recruitment-platform submissions (app/lib/recruitment/download.ts).
import { refuseUnlessAdmin } from '../../../../../lib/auth/guard-request';
import { getPrisma } from '../../../../../lib/db/client';
import { participantsDownload } from '../../../../../lib/recruitment/download';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const refused = refuseUnlessAdmin(request);
  if (refused) return refused;
  return participantsDownload(await getPrisma(), (await params).id, new URL(request.url).searchParams);
}
