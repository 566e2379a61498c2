/**
 * The summary table a researcher downloads: one row per method with its fooling rate and
 * interval (plus the full statistics module's figures when they are there) and its
 * objective metrics. CSV for spreadsheets and R; JSON with the notes and totals as well.
 */
import type { ResultsAnalysis, ResultsMethod } from './analysis';
import type { StudyResults } from './study-results';

export type SummaryRow = Record<string, string | number | null>;

function optional(row: SummaryRow, key: string, value: number | null | undefined, present: boolean): void {
  if (present) row[key] = value ?? null;
}

/** One row per method, columns in a fixed order; columns only the full analysis has appear only with it. */
export function summaryRows(results: StudyResults): SummaryRow[] {
  const analysis: ResultsAnalysis | null = results.analysis;
  const methods: ResultsMethod[] =
    analysis?.methods ??
    results.metrics.map((m) => ({ method: m.method, trials: 0, participants: 0, images: 0, fooled: 0, foolingRate: null, wilson: null, note: 'no test trials' }));
  const has = {
    cp: methods.some((m) => m.clopperPearson !== undefined),
    boot: methods.some((m) => m.clusterBootstrap !== undefined),
    tests: methods.some((m) => m.vsChance !== undefined),
  };
  return methods.map((m) => {
    const row: SummaryRow = {
      study: results.study.id,
      method: m.method,
      participants: m.participants,
      trials: m.trials,
      fooled: m.fooled,
      foolingRate: m.foolingRate,
      wilsonLower: m.wilson?.lower ?? null,
      wilsonUpper: m.wilson?.upper ?? null,
    };
    optional(row, 'clopperPearsonLower', m.clopperPearson?.lower, has.cp);
    optional(row, 'clopperPearsonUpper', m.clopperPearson?.upper, has.cp);
    optional(row, 'bootstrapSe', m.clusterBootstrap?.se, has.boot);
    optional(row, 'bootstrapLower', m.clusterBootstrap?.lower, has.boot);
    optional(row, 'bootstrapUpper', m.clusterBootstrap?.upper, has.boot);
    optional(row, 'pVsChance', m.vsChance?.pValue, has.tests);
    optional(row, 'pVsZhang', m.vsZhang?.pValue, has.tests);
    const metrics = results.metrics.find((x) => x.method === m.method)?.values ?? null;
    for (const column of results.metricColumns) row[column.key] = metrics?.[column.key] ?? null;
    row.attentionThreshold = results.attentionThreshold;
    row.excludedParticipants = analysis?.totals.excludedParticipants ?? 0;
    return row;
  });
}

function cell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function summaryCsv(rows: readonly SummaryRow[]): string {
  if (rows.length === 0) return '\n';
  const columns = Object.keys(rows[0]);
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

export function summaryJson(results: StudyResults): string {
  const a = results.analysis;
  return (
    JSON.stringify(
      {
        study: results.study.id,
        name: results.study.name,
        protocol: results.study.protocol,
        attentionThreshold: results.attentionThreshold,
        confidence: a?.meta.confidence ?? 0.95,
        references: a?.meta.references ?? null,
        totals: a?.totals ?? null,
        notes: a?.notes ?? [results.emptyReason],
        methods: summaryRows(results),
      },
      null,
      2,
    ) + '\n'
  );
}
