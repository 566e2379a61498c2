/**
 * Moving a session through its stages. The server holds the stage; the browser asks to leave
 * one ("advance from consent with consent = true") and gets the new state back:
 *
 *   consent --(consent)--> instructions --(browser check passes)--> practice -> [qualification] -> test -> debrief --> complete
 *      \--(declines)--> returned            \--(check fails)--> screened-out     \--(fails)--> screened-out
 *
 * From the instructions to the debrief the participant may withdraw (withdrawSession): the
 * session ends as 'withdrawn', and its answers stay out of the analysis and the trials export.
 *
 * practice -> qualification -> test -> debrief follow the answers (responses.ts), not requests;
 * only the single-image (HYPE) protocols have a qualification block. Leaving a
 * stage the session has already left (a retried request) answers with the current state;
 * asking to leave a stage not yet reached is a 409.
 */
import { directAccess, type Db } from '../db/client';
import { advanceSessionDirect, type StageChange } from './direct-sqlite';
import { advanceSessionPostgres } from './direct-postgres';
import { evaluateBrowserCheck } from '../trial-types/browser-check';
import type { SessionStage } from '../study/vocabulary';
import type { AdvanceBody, SessionState } from './api-types';
import { conflict } from './errors';
import { firstTrialStage, loadSession, syncStage, type SessionRecord } from './session-record';
import { stateOf } from './state';

const ORDER: Record<SessionStage, number> = {
  consent: 0,
  instructions: 1,
  practice: 2,
  qualification: 3,
  test: 4,
  debrief: 5,
  complete: 6,
  // Ended sessions are past every stage: any retried request just gets the final state.
  'screened-out': 7,
  returned: 7,
  withdrawn: 7,
};

/** The stages a participant can withdraw from (at consent they decline instead). */
export const WITHDRAWABLE_STAGES: readonly SessionStage[] = ['instructions', 'practice', 'qualification', 'test', 'debrief'];

const ACTIONS: Record<AdvanceBody['from'], string> = {
  consent: 'give or decline consent',
  instructions: 'finish the instructions and the browser check',
  debrief: 'finish the study',
};

export async function advanceStage(db: Db, token: string, body: AdvanceBody, now = new Date()): Promise<SessionState> {
  const record = await syncStage(db, await loadSession(db, token, now));
  if (ORDER[record.stage] > ORDER[body.from]) return stateOf(record);
  if (record.stage !== body.from) {
    throw conflict(`Cannot ${ACTIONS[body.from]} yet: the session is at the ${record.stage} stage.`, 'wrong-stage');
  }
  await moveStage(db, token, body.from, transition(record, body, now));
  // Whether this request or a concurrent one moved it, the stored state is the answer.
  return stateOf(await syncStage(db, await loadSession(db, token, now)));
}

/** Compare-and-set of the stored stage from `from`, with the hot paths' own statements (SQLite: in the group commit); whether it changed. */
async function moveStage(db: Db, token: string, from: SessionStage, change: StageChange): Promise<boolean> {
  const { sqlite, postgres } = await directAccess(db);
  if (sqlite) return sqlite.grouped(() => advanceSessionDirect(sqlite.connection, token, from, change));
  return advanceSessionPostgres(postgres, token, from, change);
}

function transition(record: SessionRecord, body: AdvanceBody, now: Date): StageChange & { stage: SessionStage } {
  switch (body.from) {
    case 'consent':
      return { stage: body.consent ? 'instructions' : 'returned' };
    case 'instructions': {
      const verdict = evaluateBrowserCheck(body.check, { minWindow: record.config.minWindow });
      const client = JSON.stringify({ ...body.check, verdict });
      if (!verdict.ok) return { stage: 'screened-out', client };
      return { stage: firstTrialStage(record), client };
    }
    case 'debrief': {
      const missing = record.trials.filter((t) => t.choice === null).length;
      if (missing > 0) throw conflict(`${missing} trials of this session are not answered yet.`, 'unanswered');
      return { stage: 'complete', completedAt: now };
    }
  }
}

/**
 * Withdraws the participant: the session ends as 'withdrawn' with the time recorded. A retry
 * (already withdrawn) gets the state again; a session that has ended otherwise is a 409.
 * Compare-and-set on the stage, tried again if an answer moved it on in between.
 */
export async function withdrawSession(db: Db, token: string, now = new Date()): Promise<SessionState> {
  for (let attempt = 0; ; attempt++) {
    const record = await syncStage(db, await loadSession(db, token, now));
    if (record.stage === 'withdrawn') return stateOf(record);
    if (!WITHDRAWABLE_STAGES.includes(record.stage)) {
      throw conflict(
        record.stage === 'consent' ? 'Nothing to withdraw from yet: decline the consent instead.' : `The session has already ended (${record.stage}): there is nothing to withdraw from.`,
        'wrong-stage',
      );
    }
    const moved = await moveStage(db, token, record.stage, { stage: 'withdrawn', withdrawnAt: now });
    if (moved || attempt >= 3) return stateOf(await syncStage(db, await loadSession(db, token, now)));
  }
}
