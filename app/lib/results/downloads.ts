/**
 * The files behind the download links: raw trials (the trial-row format of app/lib/trials,
 * CSV or JSON) and the summary table (CSV or JSON). Plain functions; the admin route
 * handlers add authentication and HTTP.
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import { loadTrialRows, StudyNotFoundError } from '../trials/from-db';
import { toCsv, toJson } from '../trials';
import { ANALYSIS_CSV_COLUMNS, formatCsv, formatHypeCsv, formatHypeMarkdown, formatJson, formatMarkdown } from '../stats';
import { isSingleImageProtocol } from '../study/vocabulary';
import type { TrialSource } from '../trials/trial-row';
import { REAL_SOURCES } from './source-filter';
import { loadStudyResults } from './study-results';
import { summaryCsv, summaryJson, summaryRows } from './summary-table';

export const DownloadFormat = z.enum(['csv', 'json'], { error: 'format must be "csv" or "json"' });
export type DownloadFormat = z.infer<typeof DownloadFormat>;
export const AnalysisFormat = z.enum(['md', 'csv', 'json'], { error: 'format must be "md", "csv" or "json"' });
export type AnalysisFormat = z.infer<typeof AnalysisFormat>;

export interface Download {
  filename: string;
  contentType: string;
  body: string;
}

const TYPES: Record<AnalysisFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
};

/** Null when the study does not exist. */
export async function trialsDownload(db: Db, studyId: string, format: DownloadFormat, sources: readonly TrialSource[] = REAL_SOURCES): Promise<Download | null> {
  try {
    const rows = await loadTrialRows(db, studyId, sources);
    return { filename: `${studyId}-trials.${format}`, contentType: TYPES[format], body: format === 'csv' ? toCsv(rows) : toJson(rows) };
  } catch (e) {
    if (e instanceof StudyNotFoundError) return null;
    throw e;
  }
}

/** Null when the study does not exist. */
export async function summaryDownload(db: Db, studyId: string, format: DownloadFormat, sources: readonly TrialSource[] = REAL_SOURCES): Promise<Download | null> {
  const results = await loadStudyResults(db, studyId, sources);
  if (!results) return null;
  return {
    filename: `${studyId}-summary.${format}`,
    contentType: TYPES[format],
    body: format === 'csv' ? summaryCsv(summaryRows(results)) : summaryJson(results),
  };
}

/**
 * The statistics module's full report (every figure: comparisons, breakdowns, response
 * times), in its own formats: markdown with the detail tables, long CSV, or JSON.
 * Null when the study does not exist; a study with nothing to analyse yet gets a file
 * that says why.
 */
export async function analysisDownload(db: Db, studyId: string, format: AnalysisFormat, sources: readonly TrialSource[] = REAL_SOURCES): Promise<Download | null> {
  const results = await loadStudyResults(db, studyId, sources);
  if (!results) return null;
  const reason = results.emptyReason ?? '';
  const hype = results.hype;
  if (hype || isSingleImageProtocol(results.study.protocol)) {
    const body =
      format === 'md'
        ? hype
          ? formatHypeMarkdown(hype, { details: true })
          : `# Study "${studyId}"\n\n${reason}\n`
        : format === 'csv'
          ? hype
            ? formatHypeCsv(hype)
            : ANALYSIS_CSV_COLUMNS.join(',') + '\n'
          : hype
            ? formatJson(hype)
            : JSON.stringify({ study: studyId, empty: reason }, null, 2) + '\n';
    return { filename: `${studyId}-analysis.${format}`, contentType: TYPES[format], body };
  }
  const a = results.analysis;
  const body =
    format === 'md'
      ? a
        ? formatMarkdown(a, { details: true })
        : `# Study "${studyId}"\n\n${reason}\n`
      : format === 'csv'
        ? a
          ? formatCsv(a)
          : ANALYSIS_CSV_COLUMNS.join(',') + '\n'
        : a
          ? formatJson(a)
          : JSON.stringify({ study: studyId, empty: reason }, null, 2) + '\n';
  return { filename: `${studyId}-analysis.${format}`, contentType: TYPES[format], body };
}

/** The HTTP answer for a download: an attachment that is never cached by a shared cache. */
export function downloadResponse(download: Download): Response {
  return new Response(download.body, {
    headers: {
      'Content-Type': download.contentType,
      'Content-Disposition': `attachment; filename="${download.filename}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
