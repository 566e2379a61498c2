/**
 * Deleting data from the command line (`npm run study:delete`): a whole study, or the
 * sessions of some sources (e.g. every simulated one) with their participants, trials and
 * answers. Counted first so the researcher confirms a number, then deleted in one
 * statement (the schema cascades from participants and studies).
 */
import type { Db } from '../db/client';
import type { RecruitmentSource } from './vocabulary';

export interface DeletionCount {
  sessions: number;
  answers: number;
}

/** null: the whole study; else only the sessions of these sources. */
export type DeletionScope = readonly RecruitmentSource[] | null;

function participantWhere(studyId: string, scope: DeletionScope) {
  return scope ? { studyId, source: { in: [...scope] } } : { studyId };
}

export async function countDeletion(db: Db, studyId: string, scope: DeletionScope): Promise<DeletionCount | null> {
  if (!(await db.study.findUnique({ where: { id: studyId }, select: { id: true } }))) return null;
  const where = participantWhere(studyId, scope);
  const [sessions, answers] = await Promise.all([
    db.session.count({ where: { participant: where } }),
    db.response.count({ where: { trial: { session: { participant: where } } } }),
  ]);
  return { sessions, answers };
}

/** Deletes and returns how many sessions went. */
export async function deleteStudyData(db: Db, studyId: string, scope: DeletionScope): Promise<number> {
  if (scope === null) {
    const sessions = await db.session.count({ where: { studyId } });
    await db.study.delete({ where: { id: studyId } });
    return sessions;
  }
  return (await db.participant.deleteMany({ where: participantWhere(studyId, scope) })).count;
}
