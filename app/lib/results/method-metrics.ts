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
  {
    key: 'aucRebal',
    label: 'AuC rebal.',
    description: 'Class-rebalanced AuC (Zhang et al.): the AuC of each true-colour class (ab bin), averaged over the classes, so rare colours count as much as common ones; a one-colour tint scores low',
    better: 'higher',
    digits: 3,
  },
  { key: 'r', label: 'r (ab)', description: 'Correlation of predicted with true colour over all pixels: mean of r(a) and r(b); — when the colour is constant', better: 'higher', digits: 3 },
  { key: 'rA', label: 'r (a)', description: 'Pearson correlation of predicted with true a (green–red) over all pixels', better: 'higher', digits: 3 },
  { key: 'rB', label: 'r (b)', description: 'Pearson correlation of predicted with true b (blue–yellow) over all pixels', better: 'higher', digits: 3 },
  // `npm run evaluate` writes the image count beside the means: a count, shown as one.
  { key: 'n', label: 'Images', description: 'Photos the metrics are averaged over', better: null, digits: 0 },
  { key: 'psnrInfinite', label: 'Identical', description: 'Images identical to their photo (PSNR +∞), left out of the PSNR mean', better: null, digits: 0 },
];

/**
 * Evaluate's baselines travel inside each method's metrics as `baseline.<name>.<metric>`
 * (see app/lib/study/import/metrics.ts); they are rows of their own, not columns.
 */
export const BASELINE_PREFIX = 'baseline.';

/** What each baseline is, for the table's note. */
export const BASELINE_DESCRIPTIONS: Record<string, string> = {
  grayscale: 'the real photo with its colour removed (ab = 0)',
  constant: 'the real photo’s lightness with one colour everywhere (the mean ab of the photos evaluated, or of a model’s prior)',
};

export interface MetricRow {
  method: string;
  values: Record<string, number> | null;
}

/** A method's own metrics, without the baselines stored beside them. */
export function ownMetrics(values: Record<string, number> | null): Record<string, number> | null {
  if (!values) return null;
  const own = Object.fromEntries(Object.entries(values).filter(([k]) => !k.startsWith(BASELINE_PREFIX)));
  return Object.keys(own).length ? own : null;
}

/** The baseline rows (grayscale, constant, ...) from the first method whose metrics carry them. */
export function baselineRows(all: readonly (Record<string, number> | null)[]): MetricRow[] {
  const carrier = all.find((m) => m && Object.keys(m).some((k) => k.startsWith(BASELINE_PREFIX)));
  if (!carrier) return [];
  const rows = new Map<string, Record<string, number>>();
  for (const [key, value] of Object.entries(carrier)) {
    if (!key.startsWith(BASELINE_PREFIX)) continue;
    const rest = key.slice(BASELINE_PREFIX.length);
    const dot = rest.indexOf('.');
    if (dot <= 0) continue;
    const name = rest.slice(0, dot);
    rows.set(name, { ...rows.get(name), [rest.slice(dot + 1)]: value });
  }
  return [...rows].map(([method, values]) => ({ method, values }));
}

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

/** The columns for a set of methods' (and baselines') metrics: known ones first, then any others; stored baselines are not columns. */
export function metricColumns(all: readonly (Record<string, number> | null)[]): MetricInfo[] {
  const keys = new Set(all.flatMap((m) => (m ? Object.keys(m) : [])).filter((k) => !k.startsWith(BASELINE_PREFIX)));
  const known = KNOWN.filter((k) => keys.has(k.key));
  const others = [...keys]
    .filter((k) => !KNOWN.some((m) => m.key === k))
    .sort()
    .map((key) => ({ key, label: key, description: key, better: null, digits: 3 }));
  return [...known, ...others];
}
