/**
 * Recording answers. Every answer is stored as it is given (one Response per trial, unique
 * on trialId), and a retry is recognised: the same answer to an answered trial is answered
 * with the stored result (200), a different one is refused (409), so a flaky connection can
 * resend freely and nothing is stored twice. Only the next unanswered trial can be answered.
 * Practice answers come back with feedback; test answers with none.
 */
import type { Db } from '../db/client';
import type { Side } from '../study/vocabulary';
import type { ResponseBody, ResponseResult } from './api-types';
import { conflict, isUniqueViolation, notFound } from './errors';
import { isPractice, loadSession, nextUnanswered, syncStage, type SessionRecord, type TrialSummary } from './session-record';

function result(record: SessionRecord, trial: TrialSummary, choice: Side, duplicate: boolean): ResponseResult {
  const fakeSide: Side = trial.realSide === 'left' ? 'right' : 'left';
  const inTrials = record.stage === 'practice' || record.stage === 'test';
  return {
    saved: true,
    duplicate,
    stage: record.stage,
    nextTrial: inTrials ? (nextUnanswered(record)?.index ?? null) : null,
    feedback: isPractice(trial) ? { correct: choice === fakeSide, fakeSide } : null,
  };
}

function asRetry(record: SessionRecord, trial: TrialSummary, stored: string, body: ResponseBody): ResponseResult {
  if (stored !== body.choice) {
    throw conflict(`Trial ${trial.index} was already answered with a different choice; the first answer stands.`, 'different-answer');
  }
  return result(record, trial, stored as Side, true);
}

export async function submitResponse(db: Db, token: string, index: number, body: ResponseBody, now = new Date()): Promise<ResponseResult> {
  const record = await syncStage(db, await loadSession(db, token, now));
  const trial = record.trials.find((t) => t.index === index);
  if (!trial) throw notFound(`This session has no trial ${index}.`, 'unknown-trial');
  if (trial.choice !== null) return asRetry(record, trial, trial.choice, body);
  if (record.stage !== 'practice' && record.stage !== 'test') {
    throw conflict(`Answers cannot be given at the ${record.stage} stage.`, 'wrong-stage');
  }
  const next = nextUnanswered(record)!;
  if (next.index !== index) throw conflict(`Trial ${index} is out of order: the next trial to answer is ${next.index}.`, 'out-of-order');
  if (!trial.realSide) throw new Error(`trial ${index} of session has no realSide (not a 2AFC trial)`);
  try {
    await db.response.create({
      data: {
        trialId: trial.id,
        choice: body.choice,
        correct: body.choice !== trial.realSide,
        rtMs: body.rtMs,
        timing: JSON.stringify({ ...body.timing, requestId: body.requestId }),
        clientSentAt: body.clientSentAt ? new Date(body.clientSentAt) : null,
        createdAt: now,
      },
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    // A concurrent copy of this request stored it first.
    const stored = await db.response.findUnique({ where: { trialId: trial.id }, select: { choice: true } });
    const fresh = await syncStage(db, await loadSession(db, token, now));
    return asRetry(fresh, trial, stored!.choice, body);
  }
  const answered = { ...record, trials: record.trials.map((t) => (t.id === trial.id ? { ...t, choice: body.choice } : t)) };
  return result(await syncStage(db, answered), trial, body.choice, false);
}
