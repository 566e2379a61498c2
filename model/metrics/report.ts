/**
 * Writing an evaluation: a fixed-width table for the terminal, JSON (read back by the study
 * import: `methods` is an array of `{ name, n, auc, psnr, ssim, colorfulness, coherence, ... }`)
 * and a long-format CSV (one row per method mean and per image).
 */
import type { EvaluationResult, MetricName } from './evaluate-folders';
import { METRIC_DEFINITIONS, METRICS } from './evaluate-folders';

const HEADERS: Record<MetricName, string> = {
  auc: 'AuC %',
  psnr: 'PSNR dB',
  ssim: 'SSIM',
  colorfulness: 'colourful',
  coherence: 'coherence',
};

function fmt(metric: MetricName, value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : String(value);
  if (metric === 'auc') return (100 * value).toFixed(2);
  if (metric === 'ssim') return value.toFixed(4);
  return value.toFixed(2);
}

/** The table `npm run evaluate` prints: one row per method (means over n images), plus the real photos' colourfulness. */
export function formatTable(result: EvaluationResult): string {
  const nameWidth = Math.max(6, ...result.methods.map((m) => m.name.length), 'real photos'.length);
  const cols = METRICS.map((m) => Math.max(HEADERS[m].length, 9));
  const row = (name: string, n: string, cells: string[]) =>
    [name.padEnd(nameWidth), n.padStart(5), ...cells.map((c, i) => c.padStart(cols[i]))].join('  ');
  const lines = [row('method', 'n', METRICS.map((m) => HEADERS[m]))];
  lines.push('-'.repeat(lines[0].length));
  for (const m of result.methods) lines.push(row(m.name, String(m.n), METRICS.map((k) => fmt(k, m[k]))));
  lines.push(
    row(
      'real photos',
      String(result.realColorfulness.n),
      METRICS.map((k) => (k === 'colorfulness' ? fmt(k, result.realColorfulness.mean) : '-')),
    ),
  );
  return lines.join('\n');
}

/** JSON text; non-finite numbers (PSNR of identical images) are written as the string "Infinity". */
export function toJson(result: EvaluationResult, created = new Date()): string {
  const doc = {
    tool: 'npm run evaluate',
    created: created.toISOString(),
    real: result.realDir,
    definitions: METRIC_DEFINITIONS,
    realPhotos: { n: result.realColorfulness.n, colorfulness: result.realColorfulness.mean },
    resizedColorizations: result.resizedCount,
    methods: result.methods.map((m) => ({
      name: m.name,
      dir: m.dir,
      n: m.n,
      ...Object.fromEntries(METRICS.map((k) => [k, m[k]])),
      missing: m.missing,
      extra: m.extra,
      images: m.images,
    })),
  };
  return JSON.stringify(doc, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value), 2) + '\n';
}

function csvCell(value: string | number): string {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : value > 0 ? 'Inf' : 'NaN') : value;
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Long-format CSV: `method,image,n,<metrics>`; the mean of each method has image "(mean)". */
export function toCsv(result: EvaluationResult): string {
  const rows: Array<Array<string | number>> = [['method', 'image', 'n', ...METRICS]];
  for (const m of result.methods) {
    rows.push([m.name, '(mean)', m.n, ...METRICS.map((k) => m[k])]);
    for (const img of m.images) rows.push([m.name, img.image, 1, ...METRICS.map((k) => img[k])]);
  }
  rows.push(['real photos', '(mean)', result.realColorfulness.n, '', '', '', result.realColorfulness.mean, '']);
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}
