/**
 * Writing an evaluation: a fixed-width table for the terminal, JSON (read back by the study
 * import: `methods` is an array of `{ name, n, auc, psnr, ssim, colorfulness, coherence,
 * aucRebal, r, rA, rB, ... }`, `baselines` the same for grayscale and constant) and a
 * long-format CSV (one row per method or baseline mean and per image). Undefined pooled
 * metrics (a correlation of a constant) are null in the JSON, empty in the CSV, "—" in the table.
 */
import type { EvaluationResult, MethodResult, MetricName, PooledMetricName } from './evaluate-folders';
import { METRIC_DEFINITIONS, METRICS, POOLED_METRICS } from './evaluate-folders';

type Column = MetricName | PooledMetricName;
const COLUMNS: readonly Column[] = [...METRICS, ...POOLED_METRICS];

const HEADERS: Record<Column, string> = {
  auc: 'AuC %',
  psnr: 'PSNR dB',
  ssim: 'SSIM',
  colorfulness: 'colourful',
  coherence: 'coherence',
  aucRebal: 'AuC rebal %',
  r: 'r ab',
  rA: 'r a',
  rB: 'r b',
};

function fmt(metric: Column, value: number | null): string {
  if (value === null) return '—';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : String(value);
  if (metric === 'auc' || metric === 'aucRebal') return (100 * value).toFixed(2);
  if (metric === 'ssim') return value.toFixed(4);
  if (metric === 'r' || metric === 'rA' || metric === 'rB') return value.toFixed(3);
  return value.toFixed(2);
}

/** How a baseline row is labelled wherever it sits beside methods. */
export function baselineLabel(name: string): string {
  return `${name} (baseline)`;
}

/** The table `npm run evaluate` prints: one row per method and baseline (means over n images), plus the real photos' colourfulness. */
export function formatTable(result: EvaluationResult): string {
  const label = (m: MethodResult) => (m.baseline ? baselineLabel(m.name) : m.name);
  const rowsOf = [...result.methods, ...result.baselines];
  const nameWidth = Math.max(6, ...rowsOf.map((m) => label(m).length), 'real photos'.length);
  const cols = COLUMNS.map((m) => Math.max(HEADERS[m].length, 9));
  const row = (name: string, n: string, cells: string[]) =>
    [name.padEnd(nameWidth), n.padStart(5), ...cells.map((c, i) => c.padStart(cols[i]))].join('  ');
  const lines = [row('method', 'n', COLUMNS.map((m) => HEADERS[m]))];
  lines.push('-'.repeat(lines[0].length));
  for (const m of rowsOf) lines.push(row(label(m), String(m.n), COLUMNS.map((k) => fmt(k, m[k]))));
  lines.push(
    row(
      'real photos',
      String(result.realColorfulness.n),
      COLUMNS.map((k) => (k === 'colorfulness' ? fmt(k, result.realColorfulness.mean) : '-')),
    ),
  );
  return lines.join('\n');
}

function entry(m: MethodResult) {
  return {
    name: m.name,
    ...(m.baseline ? { baseline: true } : { dir: m.dir }),
    n: m.n,
    ...Object.fromEntries(COLUMNS.map((k) => [k, m[k]])),
    psnrInfinite: m.psnrInfinite,
    ...(m.baseline ? {} : { missing: m.missing, extra: m.extra }),
    images: m.images,
  };
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
    methods: result.methods.map(entry),
    baselines: result.baselines.map(entry),
    constantAb: result.constantAb,
  };
  return JSON.stringify(doc, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value), 2) + '\n';
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : value > 0 ? 'Inf' : 'NaN') : value;
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Long-format CSV: `method,kind,image,n,<metrics>`; a mean has image "(mean)", per-image rows leave the pooled metrics empty. */
export function toCsv(result: EvaluationResult): string {
  const rows: Array<Array<string | number | null>> = [['method', 'kind', 'image', 'n', ...COLUMNS]];
  for (const m of [...result.methods, ...result.baselines]) {
    const kind = m.baseline ? 'baseline' : 'method';
    rows.push([m.name, kind, '(mean)', m.n, ...COLUMNS.map((k) => m[k])]);
    for (const img of m.images) rows.push([m.name, kind, img.image, 1, ...METRICS.map((k) => img[k]), ...POOLED_METRICS.map(() => null)]);
  }
  rows.push(['real photos', 'real', '(mean)', result.realColorfulness.n, ...COLUMNS.map((k) => (k === 'colorfulness' ? result.realColorfulness.mean : null))]);
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}
