/**
 * One-method assignment (Zhang et al.: each participant judges one method). A new session
 * gets the method with the fewest sessions that count: completed ones, and ones still active
 * (seen within the last `activeMinutes`). Dropouts stop counting once they go quiet, so their
 * slot is given to the next participant, and completed sessions stay balanced across methods.
 * Screened-out and returned sessions never count. Ties are broken by the session's seed.
 */
import type { Db } from '../db/client';
import { deriveSeed, randomInt, seededRandom } from '../random';
import type { SessionStage } from '../study/vocabulary';

/** How long a silent session keeps its method slot, unless the caller says otherwise. */
export const DEFAULT_ACTIVE_MINUTES = 30;

/** Stages of a session that is under way (it counts while its participant is active). */
export const ACTIVE_STAGES: readonly SessionStage[] = ['consent', 'instructions', 'practice', 'qualification', 'test', 'debrief'];

/** The method with the fewest counted sessions; ties broken by `seed`, in config order otherwise. */
export function chooseMethod(methodIds: readonly string[], counts: ReadonlyMap<string, number>, seed: number): string {
  if (methodIds.length === 0) throw new Error('chooseMethod needs at least one method');
  const fewest = Math.min(...methodIds.map((id) => counts.get(id) ?? 0));
  const tied = methodIds.filter((id) => (counts.get(id) ?? 0) === fewest);
  return tied[randomInt(seededRandom(deriveSeed(seed, 'method')), tied.length)];
}

/** Sessions per method that count for balance at time `now` (see the module comment). */
export async function countingSessions(
  db: Db,
  studyId: string,
  now: Date,
  activeMinutes = DEFAULT_ACTIVE_MINUTES,
): Promise<Map<string, number>> {
  const since = new Date(now.getTime() - activeMinutes * 60_000);
  const rows = await db.session.groupBy({
    by: ['methodId'],
    where: {
      studyId,
      methodId: { not: null },
      OR: [{ stage: 'complete' }, { stage: { in: [...ACTIVE_STAGES] }, lastSeenAt: { gte: since } }],
    },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.methodId!, r._count._all]));
}
