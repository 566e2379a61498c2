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
  /** Whether `method` is the generated attention-check method. */
  attentionMethod: boolean;
  /** 2AFC: where the real photo is; null for single-image trials. */
  realSide: Side | null;
  /** Single image: whether the real photo is shown; null for 2AFC. */
  showsReal: boolean | null;
}

export type TruthSource = (token: string) => Promise<TrialTruth[]>;

export function databaseTruth(db: Db): TruthSource {
  return async (token) => {
    const trials = await db.trial.findMany({
      where: { sessionId: token },
      select: { index: true, kind: true, realSide: true, showsReal: true, method: { select: { name: true, kind: true } } },
      orderBy: { index: 'asc' },
    });
    return trials.map((t) => ({
      index: t.index,
      kind: t.kind,
      method: t.method.name,
      attentionMethod: t.method.kind === 'attention',
      realSide: t.realSide as Side | null,
      showsReal: t.showsReal,
    }));
  };
}
