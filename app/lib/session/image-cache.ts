/**
 * Trial images kept in memory. Every trial fetches its images once per participant, and the
 * bytes of a study's images never change (an image or colorization replaced by a re-import
 * gets a new row id), so they are read from the database once per process, keyed by the
 * row ids that lead to them. Bounded by total size (IMAGE_CACHE_MB, default 256), oldest
 * used first out.
 */
export interface CachedImage {
  bytes: Uint8Array;
  mime: string;
}

const DEFAULT_LIMIT_MB = 256;

export class ImageCache {
  private readonly entries = new Map<string, CachedImage>();
  private size = 0;

  constructor(readonly limitBytes: number) {}

  get(key: string): CachedImage | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // Re-inserting keeps the Map in least-recently-used order.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, image: CachedImage): void {
    if (image.bytes.byteLength > this.limitBytes) return;
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.size -= old.bytes.byteLength;
    }
    this.entries.set(key, image);
    this.size += image.bytes.byteLength;
    for (const [k, v] of this.entries) {
      if (this.size <= this.limitBytes) break;
      this.entries.delete(k);
      this.size -= v.bytes.byteLength;
    }
  }

  get bytes(): number {
    return this.size;
  }

  /** Returns the cached image, or loads, keeps and returns it. */
  async through(key: string, load: () => Promise<CachedImage>): Promise<CachedImage> {
    const hit = this.get(key);
    if (hit) return hit;
    const image = await load();
    this.set(key, image);
    return image;
  }
}

function limitFromEnv(): number {
  const raw = process.env.IMAGE_CACHE_MB;
  const mb = raw === undefined || raw.trim() === '' ? DEFAULT_LIMIT_MB : Number(raw);
  if (!Number.isFinite(mb) || mb < 0) throw new Error(`IMAGE_CACHE_MB must be a number of megabytes >= 0, got "${raw}"`);
  return mb * 1024 * 1024;
}

const holder = globalThis as unknown as { __trialImages?: ImageCache };

/** The process's cache of trial images. */
export function trialImages(): ImageCache {
  holder.__trialImages ??= new ImageCache(limitFromEnv());
  return holder.__trialImages;
}
