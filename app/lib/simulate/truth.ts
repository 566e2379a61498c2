/**
 * What a simulated participant knows that a real one does not: the plan of its session
 * (which side is real, which method, which kind of trial), read from the study database.
 * The server never sends it; the simulator reads it from the same database the server
 * uses (DATABASE_URL), once per session, and answers over HTTP like a browser.
 */
import type { Db } from '../db/client';
import type { Side } from '../study/vocabulary';

export interface TrialTruth {
  index: number;
  kind: string;
  method: string;
  realSide: Side;
}

export type TruthSource = (token: string) => Promise<TrialTruth[]>;

export function databaseTruth(db: Db): TruthSource {
  return async (token) => {
    const trials = await db.trial.findMany({
      where: { sessionId: token },
      select: { index: true, kind: true, realSide: true, method: { select: { name: true } } },
      orderBy: { index: 'asc' },
    });
    return trials.map((t) => ({ index: t.index, kind: t.kind, method: t.method.name, realSide: t.realSide as Side }));
  };
}
