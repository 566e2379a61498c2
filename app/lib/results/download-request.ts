/**
 * The download routes' common part: read ?format= (csv by default) and ?sources= (real
 * participants by default: app/lib/results/source-filter.ts), produce the file, and
 * answer 400 for a bad format or 404 for an unknown study, with a sentence saying so.
 */
import type { z } from 'zod';
import type { Db } from '../db/client';
import type { TrialSource } from '../trials/trial-row';
import { DownloadFormat, downloadResponse, type Download } from './downloads';
import { parseSourceFilter, SourceFilterError } from './source-filter';

export async function serveDownload<F extends string>(
  request: Request,
  db: () => Promise<Db>,
  studyId: string,
  make: (db: Db, studyId: string, format: F, sources: readonly TrialSource[]) => Promise<Download | null>,
  formats: z.ZodType<F> = DownloadFormat as unknown as z.ZodType<F>,
): Promise<Response> {
  const query = new URL(request.url).searchParams;
  const format = formats.safeParse(query.get('format') ?? 'csv');
  if (!format.success) return Response.json({ error: format.error.issues[0].message }, { status: 400 });
  let sources: readonly TrialSource[];
  try {
    sources = parseSourceFilter(query.get('sources'));
  } catch (e) {
    if (e instanceof SourceFilterError) return Response.json({ error: `sources: ${e.message}` }, { status: 400 });
    throw e;
  }
  const download = await make(await db(), studyId, format.data, sources);
  if (!download) return Response.json({ error: `There is no study with id "${studyId}".` }, { status: 404 });
  return downloadResponse(download);
}
