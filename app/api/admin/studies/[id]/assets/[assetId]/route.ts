// GET /api/admin/studies/<id>/assets/<assetId>: a stored image of the study, for the results gallery.
import { refuseUnlessAdmin } from '../../../../../../lib/auth/guard-request';
import { getPrisma } from '../../../../../../lib/db/client';
import { loadAdminAsset } from '../../../../../../lib/results/admin-asset';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ id: string; assetId: string }> }): Promise<Response> {
  const refused = refuseUnlessAdmin(request);
  if (refused) return refused;
  const { id, assetId } = await params;
  const asset = await loadAdminAsset(await getPrisma(), id, assetId);
  if (!asset) return Response.json({ error: `Study "${id}" has no image "${assetId}".` }, { status: 404 });
  return new Response(new Uint8Array(asset.bytes), {
    headers: {
      'Content-Type': asset.mime,
      // Assets never change (content-addressed); the browser may keep them, shared caches may not.
      'Cache-Control': 'private, max-age=86400, immutable',
      ETag: `"${asset.sha256}"`,
    },
  });
}
