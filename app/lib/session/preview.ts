/**
 * The researcher's preview: a session like any participant's, with the source "preview",
 * so that it runs the real flow end to end but stays out of the results and downloads
 * (app/lib/results/source-filter.ts) and can be deleted with `npm run study:delete -- --source preview`.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client';
import type { StartResult } from './api-types';
import { startSession } from './start';

export async function startPreview(db: Db, studyId: string): Promise<StartResult> {
  return startSession(db, studyId, { source: 'preview', externalId: `preview-${randomBytes(9).toString('base64url')}`, recruitment: {} });
}
