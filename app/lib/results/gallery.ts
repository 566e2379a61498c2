/**
 * Example trials for the results page: for a few photos, the real one beside every
 * method's colorization (and its ab-only view when imported), served through the
 * authenticated admin asset route. The photos shown are, for each method, the one it
 * fooled participants with most often, then the first photos by name, so the gallery
 * shows the methods at their most convincing and is stable between visits.
 */
import type { Db } from '../db/client';
import type { ResultsImage } from './analysis';

export interface GalleryCell {
  method: string;
  kind: string;
  assetId: string;
  abAssetId: string | null;
  /** test trials and fooled answers for this photo and method (kept participants) */
  trials: number;
  fooled: number;
}

export interface GalleryItem {
  image: string;
  realAssetId: string;
  cells: GalleryCell[];
}

/** Which photos to show: each method's best-fooling photo, then others by name, up to `max`. */
export function pickGalleryImages(breakdown: readonly ResultsImage[], methods: readonly string[], allImages: readonly string[], max: number): string[] {
  const picked: string[] = [];
  for (const method of methods) {
    let best: { image: string; rate: number; trials: number } | null = null;
    for (const img of breakdown) {
      const cell = img.byMethod.find((c) => c.method === method);
      if (!cell || picked.includes(img.image)) continue;
      if (!best || cell.foolingRate > best.rate || (cell.foolingRate === best.rate && cell.trials > best.trials)) {
        best = { image: img.image, rate: cell.foolingRate, trials: cell.trials };
      }
    }
    if (best && picked.length < max) picked.push(best.image);
  }
  for (const image of [...allImages].sort()) {
    if (picked.length >= max) break;
    if (!picked.includes(image)) picked.push(image);
  }
  return picked;
}

export async function loadGallery(db: Db, studyId: string, images: readonly string[], breakdown: readonly ResultsImage[]): Promise<GalleryItem[]> {
  const found = await db.image.findMany({
    where: { studyId, name: { in: [...images] } },
    select: {
      name: true,
      realAssetId: true,
      stimuli: { select: { assetId: true, abAssetId: true, method: { select: { name: true, kind: true, position: true } } } },
    },
  });
  return images
    .map((name) => found.find((f) => f.name === name))
    .filter((f): f is (typeof found)[number] => !!f)
    .map((f) => {
      const counts = breakdown.find((b) => b.image === f.name)?.byMethod ?? [];
      const cells = f.stimuli
        .sort((a, b) => (a.method.kind === b.method.kind ? a.method.position - b.method.position : a.method.kind === 'method' ? -1 : 1))
        .map((s) => {
          const c = counts.find((x) => x.method === s.method.name);
          return { method: s.method.name, kind: s.method.kind, assetId: s.assetId, abAssetId: s.abAssetId, trials: c?.trials ?? 0, fooled: c?.fooled ?? 0 };
        });
      return { image: f.name, realAssetId: f.realAssetId, cells };
    });
}
