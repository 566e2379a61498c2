/**
 * One stored image of a study, for the researcher's gallery. Only the admin route serves
 * these (participants get trial images through their session's opaque URLs).
 */
import type { Db } from '../db/client';

export interface AdminAsset {
  mime: string;
  sha256: string;
  bytes: Uint8Array;
}

/** Null when the asset does not exist or belongs to another study. */
export async function loadAdminAsset(db: Db, studyId: string, assetId: string): Promise<AdminAsset | null> {
  const asset = await db.asset.findUnique({ where: { id: assetId }, select: { studyId: true, mime: true, sha256: true, bytes: true } });
  if (!asset || asset.studyId !== studyId) return null;
  return { mime: asset.mime, sha256: asset.sha256, bytes: asset.bytes };
}

/** The gallery's URL for an asset. */
export function adminAssetUrl(studyId: string, assetId: string): string {
  return `/api/admin/studies/${encodeURIComponent(studyId)}/assets/${encodeURIComponent(assetId)}`;
}
