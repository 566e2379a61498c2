/**
 * A method's objective metrics (Method.metrics: a JSON object of numbers written at import
 * from `npm run evaluate`), with the labels and directions a reader needs. Read leniently:
 * anything that is not a finite number is left out rather than shown as NaN.
 */

export interface MetricInfo {
  key: string;
  label: string;
  /** what the number measures, for the column's title */
  description: string;
  /** which direction is better; null when neither is (colourfulness: closer to the real photos) */
  better: 'higher' | 'lower' | null;
  digits: number;
}

// Known metrics in display order; other keys follow, alphabetically, with their own name.
const KNOWN: MetricInfo[] = [
  { key: 'auc', label: 'AuC', description: 'Area under the CDF of per-pixel ab error, thresholds 0–150 (Zhang et al.), as a share of the maximum', better: 'higher', digits: 3 },
  { key: 'psnr', label: 'PSNR (dB)', description: 'Peak signal-to-noise ratio against the real photo, in decibels', better: 'higher', digits: 2 },
  { key: 'ssim', label: 'SSIM', description: 'Structural similarity to the real photo', better: 'higher', digits: 3 },
  { key: 'colourfulness', label: 'Colourfulness', description: 'Hasler & Süsstrunk (2003) colourfulness M; compare with the real photos’ value', better: null, digits: 1 },
  { key: 'colorfulness', label: 'Colourfulness', description: 'Hasler & Süsstrunk (2003) colourfulness M; compare with the real photos’ value', better: null, digits: 1 },
  { key: 'coherence', label: 'Coherence error', description: 'Mean error of the ab gradients against the real photo', better: 'lower', digits: 3 },
  // `npm run evaluate` writes the image count beside the means: a count, shown as one.
  { key: 'n', label: 'Images', description: 'Photos the metrics are averaged over', better: null, digits: 0 },
];

export function parseMetrics(json: string | null | undefined): Record<string, number> | null {
  if (!json) return null;
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return null;
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return null;
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(data)) if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
  return Object.keys(out).length ? out : null;
}

/** The columns for a set of methods' metrics: known ones first, then any others. */
export function metricColumns(all: readonly (Record<string, number> | null)[]): MetricInfo[] {
  const keys = new Set(all.flatMap((m) => (m ? Object.keys(m) : [])));
  const known = KNOWN.filter((k) => keys.has(k.key));
  const others = [...keys]
    .filter((k) => !KNOWN.some((m) => m.key === k))
    .sort()
    .map((key) => ({ key, label: key, description: key, better: null, digits: 3 }));
  return [...known, ...others];
}
