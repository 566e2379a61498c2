/**
 * One session as the participant endpoints need it: the row, the study's session config and
 * a summary of its trials (which are answered). Every participant request starts here, and
 * every one marks the session as seen (lastSeenAt), which keeps its method slot reserved.
 * The mark is written when the stored one is SEEN_RESOLUTION_MS old or more: a trial makes
 * four requests within a second or two, and each write costs a disk sync, while the slot
 * is held for half an hour.
 */
import type { Db } from '../db/client';
import type { SessionStage, Side } from '../study/vocabulary';
import { notFound } from './errors';
import { participantConfig, type ParticipantConfig } from './study-context';
import { isSessionToken } from './tokens';

export interface TrialSummary {
  id: string;
  index: number;
  kind: string;
  realSide: Side | null;
  imageId: string;
  methodId: string;
  /** The stored answer, if any. */
  choice: string | null;
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

/** lastSeenAt is kept to within this much of the latest request. */
export const SEEN_RESOLUTION_MS = 10_000;

export const UNKNOWN_SESSION = 'This session link is not valid. Please use the link you were given for the study.';

export async function loadSession(db: Db, token: string, now = new Date()): Promise<SessionRecord> {
  if (!isSessionToken(token)) throw notFound(UNKNOWN_SESSION, 'unknown-session');
  const s = await db.session.findUnique({
    where: { id: token },
    select: {
      id: true,
      studyId: true,
      stage: true,
      lastSeenAt: true,
      recruitment: true,
      client: true,
      study: { select: { status: true, config: true } },
      participant: { select: { source: true } },
      trials: {
        select: { id: true, index: true, kind: true, realSide: true, imageId: true, methodId: true, response: { select: { choice: true } } },
        orderBy: { index: 'asc' },
      },
    },
  });
  if (!s) throw notFound(UNKNOWN_SESSION, 'unknown-session');
  if (Math.abs(now.getTime() - s.lastSeenAt.getTime()) >= SEEN_RESOLUTION_MS) {
    await db.session.updateMany({ where: { id: token }, data: { lastSeenAt: now } });
  }
  const recruitment = parseJsonObject(s.recruitment) as Record<string, string>;
  const verdict = parseJsonObject(s.client).verdict as { ok?: boolean; message?: unknown } | undefined;
  return {
    token: s.id,
    studyId: s.studyId,
    studyStatus: s.study.status,
    stage: s.stage as SessionStage,
    source: s.participant.source,
    recruitment,
    endReason: verdict && verdict.ok === false && typeof verdict.message === 'string' ? verdict.message : null,
    config: participantConfig(s.study.config),
    trials: s.trials.map((t) => ({
      id: t.id,
      index: t.index,
      kind: t.kind,
      realSide: t.realSide as Side | null,
      imageId: t.imageId,
      methodId: t.methodId,
      choice: t.response?.choice ?? null,
    })),
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

export const isPractice = (t: Pick<TrialSummary, 'kind'>) => t.kind === 'practice';

/** The first unanswered trial, or undefined when all are answered. */
export function nextUnanswered(record: Pick<SessionRecord, 'trials'>): TrialSummary | undefined {
  return record.trials.find((t) => t.choice === null);
}

/**
 * The stage the answers imply: practice ends with its last answer, the test block with its
 * last one. Stored stages lag only if a process died between saving an answer and moving on.
 */
export function impliedStage(record: Pick<SessionRecord, 'stage' | 'trials'>): SessionStage {
  const { stage, trials } = record;
  if (stage === 'practice' && trials.filter(isPractice).every((t) => t.choice !== null)) {
    return trials.some((t) => !isPractice(t)) ? impliedStage({ stage: 'test', trials }) : 'debrief';
  }
  if (stage === 'test' && trials.filter((t) => !isPractice(t)).every((t) => t.choice !== null)) return 'debrief';
  return stage;
}

/** Brings the stored stage up to the implied one (compare-and-set, so concurrent callers agree). */
export async function syncStage(db: Db, record: SessionRecord): Promise<SessionRecord> {
  const implied = impliedStage(record);
  if (implied === record.stage) return record;
  await db.session.updateMany({ where: { id: record.token, stage: record.stage }, data: { stage: implied } });
  const fresh = await db.session.findUnique({ where: { id: record.token }, select: { stage: true } });
  return { ...record, stage: (fresh?.stage ?? implied) as SessionStage };
}
