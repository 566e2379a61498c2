/**
 * The summary table a researcher downloads: one row per method with its fooling rate,
 * intervals, tests and objective metrics, plus the rule, seed and version behind them so
 * a row can be traced. CSV for spreadsheets and R; the JSON also carries the statistics
 * module's full analysis (comparisons, breakdowns, notes).
 */
import { SUITE_VERSION } from '../stats';
import type { StudyResults } from './study-results';

export type SummaryRow = Record<string, string | number | null>;

export function summaryRows(results: StudyResults): SummaryRow[] {
  const analysis = results.analysis;
  return results.metrics.map(({ method, values }) => {
    const m = analysis?.methods.find((x) => x.method === method);
    const row: SummaryRow = {
      study: results.study.id,
      method,
      participants: m?.participants ?? 0,
      trials: m?.trials ?? 0,
      fooled: m?.fooled ?? 0,
      foolingRate: m?.foolingRate ?? null,
      wilsonLower: m?.wilson?.lower ?? null,
      wilsonUpper: m?.wilson?.upper ?? null,
      clopperPearsonLower: m?.clopperPearson?.lower ?? null,
      clopperPearsonUpper: m?.clopperPearson?.upper ?? null,
      bootstrapSe: m?.clusterBootstrap?.se ?? null,
      bootstrapLower: m?.clusterBootstrap?.lower ?? null,
      bootstrapUpper: m?.clusterBootstrap?.upper ?? null,
      pVsChance: m?.vsChance?.pValue ?? null,
      pVsZhang: m?.vsZhang?.pValue ?? null,
    };
    for (const column of results.metricColumns) row[column.key] = values?.[column.key] ?? null;
    row.attentionThreshold = results.attentionThreshold;
    row.excludedParticipants = analysis?.totals.excludedParticipants ?? 0;
    row.seed = analysis?.meta.seed ?? results.study.seed;
    row.resamples = analysis?.meta.resamples ?? null;
    row.version = analysis?.meta.version ?? SUITE_VERSION;
    return row;
  });
}

function cell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function summaryCsv(rows: readonly SummaryRow[]): string {
  if (rows.length === 0) return '\n';
  const columns = Object.keys(rows[0]);
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

export function summaryJson(results: StudyResults): string {
  const body = {
    study: results.study.id,
    name: results.study.name,
    protocol: results.study.protocol,
    /** why there are no figures yet; null when there are */
    empty: results.emptyReason,
    summary: summaryRows(results),
    analysis: results.analysis,
  };
  return JSON.stringify(body, null, 2) + '\n';
}
