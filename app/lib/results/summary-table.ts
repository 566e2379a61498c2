/**
 * The summary table a researcher downloads: one row per method with its fooling rate (2AFC)
 * or HYPE score (single-image protocols), intervals, tests and objective metrics, plus the rule, seed and version behind them so
 * a row can be traced. CSV for spreadsheets and R; the JSON also carries the statistics
 * module's full analysis (comparisons, breakdowns, notes).
 */
import { SUITE_VERSION } from '../stats';
import { isSingleImageProtocol } from '../study/vocabulary';
import type { StudyResults } from './study-results';

export type SummaryRow = Record<string, string | number | null>;

/** Single-image studies: one row per method with the protocol's score, its intervals and the fake and real error rates. */
function hypeSummaryRows(results: StudyResults): SummaryRow[] {
  const hype = results.hype;
  return results.metrics.map(({ method, values }) => {
    const m = hype?.methods.find((x) => x.method === method);
    const row: SummaryRow = { study: results.study.id, protocol: results.study.protocol, method, participants: m?.participants ?? 0 };
    if (results.study.protocol === 'hype-time') {
      row.hypeTimeMs = m?.threshold?.meanMs ?? null;
      row.hypeTimeSdMs = m?.threshold?.sdMs ?? null;
      row.staircases = m?.threshold?.participants ?? 0;
      row.bootstrapSe = m?.threshold?.participantBootstrap?.se ?? null;
      row.bootstrapLower = m?.threshold?.participantBootstrap?.lower ?? null;
      row.bootstrapUpper = m?.threshold?.participantBootstrap?.upper ?? null;
      row.twoWayLower = m?.threshold?.twoWayBootstrap?.lower ?? null;
      row.twoWayUpper = m?.threshold?.twoWayBootstrap?.upper ?? null;
    }
    row.trials = m?.error.trials ?? 0;
    row.errorRate = m?.error.rate ?? null;
    if (results.study.protocol === 'hype-infinity') {
      row.bootstrapSe = m?.error.participantBootstrap?.se ?? null;
      row.bootstrapLower = m?.error.participantBootstrap?.lower ?? null;
      row.bootstrapUpper = m?.error.participantBootstrap?.upper ?? null;
      row.twoWayLower = m?.error.twoWayBootstrap?.lower ?? null;
      row.twoWayUpper = m?.error.twoWayBootstrap?.upper ?? null;
      row.pVsChance = m?.error.pVsChance ?? null;
    }
    row.fakeErrorRate = m?.fakeError.rate ?? null;
    row.realErrorRate = m?.realError.rate ?? null;
    for (const column of results.metricColumns) row[column.key] = values?.[column.key] ?? null;
    row.attentionThreshold = results.attentionThreshold;
    row.excludedParticipants = hype?.totals.excludedParticipants ?? 0;
    row.stoppedAtQualification = hype?.totals.stoppedAtQualification ?? 0;
    row.seed = hype?.meta.seed ?? results.study.seed;
    row.resamples = hype?.meta.resamples ?? null;
    row.version = hype?.meta.version ?? SUITE_VERSION;
    return row;
  });
}

export function summaryRows(results: StudyResults): SummaryRow[] {
  if (isSingleImageProtocol(results.study.protocol)) return hypeSummaryRows(results);
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
    analysis: results.analysis ?? results.hype,
  };
  return JSON.stringify(body, null, 2) + '\n';
}
