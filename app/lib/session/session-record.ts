/**
 * One session as the participant endpoints need it: the row, the study's session config and
 * a summary of its trials (which are answered). Every participant request starts here, and
 * every one marks the session as seen (lastSeenAt), which keeps its method slot reserved.
 * The mark is written when it is stale (last-seen.ts). The session is read with prepared
 * statements on SQLite's shared connection (direct-sqlite.ts) or PostgreSQL's pool
 * (direct-postgres.ts).
 */
import { directAccess, type Db } from '../db/client';
import { loadSessionDirect } from './direct-sqlite';
import { loadSessionPostgres } from './direct-postgres';
import type { SessionStage, Side } from '../study/vocabulary';
import { notFound } from './errors';
import { participantConfig, type ParticipantConfig } from './study-context';
import { isSessionToken } from './tokens';

export interface TrialSummary {
  id: string;
  index: number;
  kind: string;
  realSide: Side | null;
  /** Single-image protocols: whether the trial shows the real photo. */
  showsReal: boolean | null;
  /** Requested exposure (hype-time test trials: set when the trial is first served). */
  exposureMs: number | null;
  /** The image slots the server has sent, one bit per slot (imageSlotsMask). */
  imagesServed: number;
  imageId: string;
  methodId: string;
  /** The stored answer, if any. */
  choice: string | null;
  /** Whether the stored answer was right; null while unanswered. */
  correct: boolean | null;
  /** The stored answer's response time, ms; null while unanswered. */
  rtMs: number | null;
}

export interface SessionRecord {
  token: string;
  studyId: string;
  studyStatus: string;
  stage: SessionStage;
  source: string;
  recruitment: Record<string, string>;
  /** Why the browser check screened the participant out (from Session.client), if it did. */
  endReason: string | null;
  config: ParticipantConfig;
  trials: TrialSummary[];
}

export { SEEN_RESOLUTION_MS } from './last-seen';

export const UNKNOWN_SESSION = 'This session link is not valid. Please use the link you were given for the study.';

/** A session's stored row and its trials, as read by either loader (Prisma or direct SQLite). */
export interface SessionRow {
  id: string;
  studyId: string;
  stage: string;
  recruitment: string;
  client: string | null;
  studyStatus: string;
  studyConfig: string;
  source: string;
  trials: TrialSummary[];
}

export async function loadSession(db: Db, token: string, now = new Date()): Promise<SessionRecord> {
  if (!isSessionToken(token)) throw notFound(UNKNOWN_SESSION, 'unknown-session');
  const { sqlite, postgres } = await directAccess(db);
  const row = sqlite ? await sqlite.outside(() => loadSessionDirect(sqlite.connection, token, now)) : await loadSessionPostgres(postgres, token, now);
  if (!row) throw notFound(UNKNOWN_SESSION, 'unknown-session');
  return sessionRecord(row);
}

export function sessionRecord(s: SessionRow): SessionRecord {
  const recruitment = parseJsonObject(s.recruitment) as Record<string, string>;
  // A failed browser check screens the session out: only then does its verdict say why.
  const verdict = s.stage === 'screened-out' ? (parseJsonObject(s.client).verdict as { ok?: boolean; message?: unknown } | undefined) : undefined;
  const config = participantConfig(s.studyConfig);
  const { trials } = s;
  const checkFailed = verdict && verdict.ok === false && typeof verdict.message === 'string' ? verdict.message : null;
  return {
    token: s.id,
    studyId: s.studyId,
    studyStatus: s.studyStatus,
    stage: s.stage as SessionStage,
    source: s.source,
    recruitment,
    endReason: checkFailed ?? (s.stage === 'screened-out' && qualificationOutcome({ config, trials }) === 'failed' ? QUALIFICATION_FAILED : null),
    config,
    trials,
  };
}

function parseJsonObject(text: string | null): Record<string, unknown> {
  try {
    const value: unknown = text ? JSON.parse(text) : null;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The trial blocks of a session, in order, and the stage each runs in. */
export type TrialStage = 'practice' | 'qualification' | 'test';
export const TRIAL_STAGES: readonly TrialStage[] = ['practice', 'qualification', 'test'];

export const isTrialStage = (stage: string): stage is TrialStage => (TRIAL_STAGES as readonly string[]).includes(stage);

/** The block a trial belongs to: 2AFC practice and the HYPE tutorial run in 'practice'; test and attention trials in 'test'. */
export function blockOf(t: Pick<TrialSummary, 'kind'>): TrialStage {
  if (t.kind === 'practice' || t.kind === 'tutorial') return 'practice';
  if (t.kind === 'qualification') return 'qualification';
  return 'test';
}

/** Trials answered with feedback (2AFC practice, HYPE tutorial). */
export const isPractice = (t: Pick<TrialSummary, 'kind'>) => blockOf(t) === 'practice';

/** The bits of imagesServed a trial needs before it can be answered: slot 0 (single image), or slots 0 and 1 (2AFC). */
export const imageSlotsMask = (t: Pick<TrialSummary, 'showsReal'>): number => (t.showsReal === null ? 0b11 : 0b01);

/** Whether the server has sent every image of the trial (a browser fetches them all before showing it). */
export const imagesWereServed = (t: Pick<TrialSummary, 'showsReal' | 'imagesServed'>): boolean => (t.imagesServed & imageSlotsMask(t)) === imageSlotsMask(t);

/** The first unanswered trial, or undefined when all are answered. */
export function nextUnanswered(record: Pick<SessionRecord, 'trials'>): TrialSummary | undefined {
  return record.trials.find((t) => t.choice === null);
}

export const QUALIFICATION_FAILED = 'Your answers in the qualification block did not reach the accuracy this study needs, so the study ends here.';

/**
 * The qualification block's outcome: 'pending' until its last trial is answered, then
 * 'passed' when at least hype.qualification.minAccuracy of its trials were answered correctly,
 * else 'failed'; 'none' when the session has no qualification trials.
 */
export function qualificationOutcome(record: Pick<SessionRecord, 'config' | 'trials'>): 'none' | 'pending' | 'passed' | 'failed' {
  const block = record.trials.filter((t) => blockOf(t) === 'qualification');
  if (block.length === 0) return 'none';
  if (block.some((t) => t.choice === null)) return 'pending';
  const correct = block.filter((t) => t.correct).length;
  // A small tolerance so that, e.g., 7 of 10 passes a threshold of 0.7 despite 0.7 * 10 = 7.000000000000001.
  return correct >= record.config.hype.qualification.minAccuracy * block.length - 1e-9 ? 'passed' : 'failed';
}

/** The stage in which a session starts its trials: the first block that has any, else the debrief. */
export function firstTrialStage(record: Pick<SessionRecord, 'config' | 'trials'>): SessionStage {
  return impliedStage({ ...record, stage: 'practice' });
}

/**
 * The stage the answers imply: each block ends with its last answer, and the session moves to
 * the next block that has trials (practice -> qualification -> test -> debrief); a failed
 * qualification ends it (screened-out). Stored stages lag only if a process died between
 * saving an answer and moving on.
 */
export function impliedStage(record: Pick<SessionRecord, 'stage' | 'trials' | 'config'>): SessionStage {
  const { stage, trials } = record;
  if (!isTrialStage(stage)) return stage;
  for (let b = TRIAL_STAGES.indexOf(stage); b < TRIAL_STAGES.length; b++) {
    const block = TRIAL_STAGES[b];
    if (trials.some((t) => blockOf(t) === block && t.choice === null)) return block;
    if (block === 'qualification' && qualificationOutcome(record) === 'failed') return 'screened-out';
  }
  return 'debrief';
}

/** The record at the stage its answers imply, with the reason when that ends the session. */
export function withImpliedStage(record: SessionRecord): SessionRecord {
  const implied = impliedStage(record);
  if (implied === record.stage) return record;
  const endReason = record.endReason ?? (implied === 'screened-out' && qualificationOutcome(record) === 'failed' ? QUALIFICATION_FAILED : null);
  return { ...record, stage: implied, endReason };
}

/** Brings the stored stage up to the implied one (compare-and-set, so concurrent callers agree). */
export async function syncStage(db: Db, record: SessionRecord): Promise<SessionRecord> {
  const implied = impliedStage(record);
  if (implied === record.stage) return record;
  await db.session.updateMany({ where: { id: record.token, stage: record.stage }, data: { stage: implied } });
  const fresh = await db.session.findUnique({ where: { id: record.token }, select: { stage: true } });
  const stage = (fresh?.stage ?? implied) as SessionStage;
  const endReason = record.endReason ?? (stage === 'screened-out' && qualificationOutcome(record) === 'failed' ? QUALIFICATION_FAILED : null);
  return { ...record, stage, endReason };
}
