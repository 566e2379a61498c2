/**
 * What the bytes of served images give away, from a crawl of several sessions (leak-crawl.ts)
 * and the truth of each trial: how often an image whose hash appears in another session is
 * the real photo, and how often "the larger file is the real one" is right. With stimuli that
 * carry only their pixels, no hash repeats and no 2AFC trial has files of different sizes or
 * headers.
 */
export interface CrawledImage {
  session: string;
  trial: number;
  slot: number;
  /** The trial's method (what the fake image of the trial is). */
  method: string;
  /** Whether this image is the real photo (from the database, never from the server). */
  real: boolean;
  sha256: string;
  length: number;
  /** The response headers that could differ between images, as "name: value" lines (Date excluded). */
  headers: string;
}

export interface LeakFigures {
  images: number;
  /** Images whose hash also appears in another session, in a trial of another method. */
  repeatedHashes: number;
  /** Of those, the real photos. */
  repeatedReal: number;
  /** 2AFC trials (both images crawled). */
  pairs: number;
  /** Pairs whose files differ in length. */
  unequalLength: number;
  /** Of those, the pairs where the larger file is the real photo. */
  largerIsReal: number;
  /** Pairs whose two responses differ in any header. */
  unequalHeaders: number;
}

export function leakFigures(images: CrawledImage[]): LeakFigures {
  const byHash = new Map<string, CrawledImage[]>();
  for (const image of images) byHash.set(image.sha256, [...(byHash.get(image.sha256) ?? []), image]);
  // Within one method the colorization repeats too; across methods only the real photo can.
  const repeated = images.filter((image) => byHash.get(image.sha256)!.some((o) => o.session !== image.session && o.method !== image.method));
  const trials = new Map<string, CrawledImage[]>();
  for (const image of images) {
    const key = `${image.session}/${image.trial}`;
    trials.set(key, [...(trials.get(key) ?? []), image]);
  }
  const pairs = [...trials.values()].filter((t) => t.length === 2);
  const unequal = pairs.filter(([a, b]) => a.length !== b.length);
  return {
    images: images.length,
    repeatedHashes: repeated.length,
    repeatedReal: repeated.filter((image) => image.real).length,
    pairs: pairs.length,
    unequalLength: unequal.length,
    largerIsReal: unequal.filter(([a, b]) => (a.length > b.length ? a : b).real).length,
    unequalHeaders: pairs.filter(([a, b]) => a.headers !== b.headers).length,
  };
}
