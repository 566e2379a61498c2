/**
 * The files behind the download links: raw trials (the trial-row format of app/lib/trials,
 * CSV or JSON) and the summary table (CSV or JSON). Plain functions; the admin route
 * handlers add authentication and HTTP.
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import { loadTrialRows, StudyNotFoundError } from '../trials/from-db';
import { toCsv, toJson } from '../trials';
import { loadStudyResults } from './study-results';
import { summaryCsv, summaryJson, summaryRows } from './summary-table';

export const DownloadFormat = z.enum(['csv', 'json'], { error: 'format must be "csv" or "json"' });
export type DownloadFormat = z.infer<typeof DownloadFormat>;

export interface Download {
  filename: string;
  contentType: string;
  body: string;
}

const TYPES: Record<DownloadFormat, string> = { csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' };

/** Null when the study does not exist. */
export async function trialsDownload(db: Db, studyId: string, format: DownloadFormat): Promise<Download | null> {
  try {
    const rows = await loadTrialRows(db, studyId);
    return { filename: `${studyId}-trials.${format}`, contentType: TYPES[format], body: format === 'csv' ? toCsv(rows) : toJson(rows) };
  } catch (e) {
    if (e instanceof StudyNotFoundError) return null;
    throw e;
  }
}

/** Null when the study does not exist. */
export async function summaryDownload(db: Db, studyId: string, format: DownloadFormat): Promise<Download | null> {
  const results = await loadStudyResults(db, studyId);
  if (!results) return null;
  return {
    filename: `${studyId}-summary.${format}`,
    contentType: TYPES[format],
    body: format === 'csv' ? summaryCsv(summaryRows(results)) : summaryJson(results),
  };
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
