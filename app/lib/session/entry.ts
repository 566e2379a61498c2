/**
 * The study link's entry logic, shared by the /s/<studyId> page (which must show the MTurk
 * preview without creating anything) and POST /api/sessions (which creates or resumes).
 * Server settings come from the environment:
 *   ALLOW_SIMULATED=0          refuse SIMULATED_ID participants (accepted by default)
 *   SESSION_ACTIVE_MINUTES=30  how long a silent session keeps its method slot
 */
import type { Db } from '../db/client';
import type { StartResult } from './api-types';
import { DEFAULT_ACTIVE_MINUTES } from './assignment';
import { SessionError } from './errors';
import { parseArrival, type Arrival } from './recruitment';
import { startSession, studyForEntry } from './start';
import { newDirectParticipantId } from './tokens';

export interface EntrySettings {
  allowSimulated: boolean;
  activeMinutes: number;
}

export function entrySettings(env: Record<string, string | undefined> = process.env): EntrySettings {
  const minutes = Number(env.SESSION_ACTIVE_MINUTES);
  return {
    allowSimulated: env.ALLOW_SIMULATED !== '0',
    activeMinutes: Number.isFinite(minutes) && minutes > 0 ? minutes : DEFAULT_ACTIVE_MINUTES,
  };
}

/** The cookie that keeps a direct-link participant's random id (one per study). */
export function directCookieName(studyId: string): string {
  return `ct_participant_${studyId}`;
}

/** Reads who is arriving at a study; throws SessionError for unknown studies and bad links. */
export async function readArrival(db: Db, studyId: string, query: Record<string, string>, settings: EntrySettings): Promise<Arrival> {
  const study = await studyForEntry(db, studyId);
  return parseArrival(query, study.platform, { allowSimulated: settings.allowSimulated });
}

export interface EnterResult extends StartResult {
  /** A new direct-link id for the caller to keep in the cookie, when one was made. */
  newDirectId: string | null;
}

/** Creates or resumes the arriving participant's session. */
export async function enterStudy(
  db: Db,
  studyId: string,
  query: Record<string, string>,
  directId: string | undefined,
  settings: EntrySettings,
): Promise<EnterResult> {
  const arrival = await readArrival(db, studyId, query, settings);
  if (arrival.kind === 'preview') {
    throw new SessionError(409, 'This is a preview: please accept the HIT to start the study.', 'preview');
  }
  let newDirectId: string | null = null;
  let externalId = arrival.externalId;
  if (externalId === null) {
    externalId = directId && /^d-[A-Za-z0-9_-]{16}$/.test(directId) ? directId : (newDirectId = newDirectParticipantId());
  }
  const started = await startSession(db, studyId, { source: arrival.source, externalId, recruitment: arrival.recruitment }, { activeMinutes: settings.activeMinutes });
  return { ...started, newDirectId };
}
