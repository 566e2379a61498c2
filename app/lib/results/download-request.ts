/**
 * The download routes' common part: read ?format= (csv by default), produce the file, and
 * answer 400 for a bad format or 404 for an unknown study, with a sentence saying so.
 */
import type { z } from 'zod';
import type { Db } from '../db/client';
import { DownloadFormat, downloadResponse, type Download } from './downloads';

export async function serveDownload<F extends string>(
  request: Request,
  db: () => Promise<Db>,
  studyId: string,
  make: (db: Db, studyId: string, format: F) => Promise<Download | null>,
  formats: z.ZodType<F> = DownloadFormat as unknown as z.ZodType<F>,
): Promise<Response> {
  const format = formats.safeParse(new URL(request.url).searchParams.get('format') ?? 'csv');
  if (!format.success) return Response.json({ error: format.error.issues[0].message }, { status: 400 });
  const download = await make(await db(), studyId, format.data);
  if (!download) return Response.json({ error: `There is no study with id "${studyId}".` }, { status: 404 });
  return downloadResponse(download);
}
