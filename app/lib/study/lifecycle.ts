/**
 * A study's lifecycle: open (accepting new participants), paused (new arrivals asked to come
 * back later), closed (no new participants). Sessions already started continue in every
 * state, so nobody loses paid work when a study is paused or closed under them. An open
 * study is also "full" once every method has `recruitment.targetPerMethod` completed
 * sessions from real participants (previews and simulations do not count).
 */
import type { Db } from '../db/client';
import { SessionError } from '../session/errors';
import type { StudyContext } from '../session/study-context';
import { REAL_SOURCES } from '../results/source-filter';

export const STUDY_STATUSES = ['open', 'paused', 'closed'] as const;
export type StudyStatus = (typeof STUDY_STATUSES)[number];

export function isStudyStatus(value: string): value is StudyStatus {
  return (STUDY_STATUSES as readonly string[]).includes(value);
}

/** Sets the status; false when there is no such study. */
export async function setStudyStatus(db: Db, studyId: string, status: StudyStatus): Promise<boolean> {
  return (await db.study.updateMany({ where: { id: studyId }, data: { status } })).count === 1;
}

/** Completed sessions of real participants per method id (mixed sessions under null). */
export async function completedPerMethod(db: Db, studyId: string): Promise<Map<string | null, number>> {
  const rows = await db.session.groupBy({
    by: ['methodId'],
    where: { studyId, stage: 'complete', participant: { source: { in: [...REAL_SOURCES] } } },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.methodId, r._count._all]));
}

/** Counts completed sessions of real participants per method id (completedPerMethod, or the hot path's own query). */
export type CompletedCounter = (studyId: string) => Promise<Map<string | null, number>>;

/** Whether the study has its target of completed sessions for every method (never without a target). */
export async function isStudyFull(
  db: Db,
  study: Pick<StudyContext, 'id' | 'config' | 'methods' | 'assignment'>,
  completed: CompletedCounter = (id) => completedPerMethod(db, id),
): Promise<boolean> {
  const target = study.config.recruitment.targetPerMethod;
  if (target === undefined) return false;
  const done = await completed(study.id);
  if (study.assignment === 'mixed') return (done.get(null) ?? 0) >= target;
  return study.methods.every((m) => (done.get(m.id) ?? 0) >= target);
}

/** Refuses a new participant (a returning one never gets here) unless the study is open and not full. */
export async function checkAcceptingParticipants(
  db: Db,
  study: Pick<StudyContext, 'id' | 'status' | 'config' | 'methods' | 'assignment'>,
  completed: CompletedCounter = (id) => completedPerMethod(db, id),
): Promise<void> {
  if (study.status === 'paused') {
    throw new SessionError(409, 'This study is paused for a moment and does not accept new participants right now. Please try again later.', 'paused');
  }
  if (study.status !== 'open') throw new SessionError(410, 'This study is closed and no longer accepts participants. Thank you for your interest.', 'closed');
  if (await isStudyFull(db, study, completed)) {
    throw new SessionError(410, 'This study is full: it has all the participants it needs. Thank you for your interest; there is nothing more to do.', 'full');
  }
}

/** Median minutes from start to completion of real participants' completed sessions (to set the pay); null without any. */
export async function medianCompletionMinutes(db: Db, studyId: string): Promise<number | null> {
  const sessions = await db.session.findMany({
    where: { studyId, stage: 'complete', completedAt: { not: null }, participant: { source: { in: [...REAL_SOURCES] } } },
    select: { startedAt: true, completedAt: true },
  });
  if (!sessions.length) return null;
  const minutes = sessions.map((s) => (s.completedAt!.getTime() - s.startedAt.getTime()) / 60_000).sort((a, b) => a - b);
  const mid = minutes.length >> 1;
  return minutes.length % 2 ? minutes[mid] : (minutes[mid - 1] + minutes[mid]) / 2;
}
