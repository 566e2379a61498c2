/**
 * Recording answers. Every answer is stored as it is given (one Response per trial, unique
 * on trialId), and a retry is recognised: the same answer to an answered trial is answered
 * with the stored result (200), a different one is refused (409), so a flaky connection can
 * resend freely and nothing is stored twice. Only the next unanswered trial can be answered.
 * Practice and tutorial answers come back with feedback; the others with none. The answer's
 * kind must fit the protocol: a side for 2AFC, "real" or "fake" for the single-image ones.
 * A trial is answered only after the server has sent all its images (the browser fetches and
 * decodes them before the trial starts): an answer to a trial never shown is a script's, and
 * is refused (409, code not-shown). Simulated participants, admitted only with the admin
 * password, may skip the images (`npm run simulate -- --skip-images`).
 */
import type pg from 'pg';
import { directAccess, type Db } from '../db/client';
import type { SharedSqlite } from '../db/sqlite-adapter';
import { isCorrectAnswer } from '../trial-types/single-image';
import { isSingleImageProtocol, type Side, type SingleImageChoice } from '../study/vocabulary';
import type { ResponseBody, ResponseResult, TrialFeedback } from './api-types';
import { badRequest, conflict, notFound } from './errors';
import { insertResponseDirect, loadSessionDirect, setStageDirect, type NewResponse } from './direct-sqlite';
import { insertResponsePostgres, loadSessionPostgres } from './direct-postgres';
import {
  imagesWereServed,
  isPractice,
  isTrialStage,
  nextUnanswered,
  sessionRecord,
  UNKNOWN_SESSION,
  withImpliedStage,
  type SessionRecord,
  type TrialSummary,
} from './session-record';
import { isSessionToken } from './tokens';

function feedbackOf(trial: TrialSummary, choice: string): TrialFeedback {
  if (trial.showsReal !== null) return { correct: isCorrectAnswer(choice as SingleImageChoice, trial.showsReal), wasReal: trial.showsReal };
  const fakeSide: Side = trial.realSide === 'left' ? 'right' : 'left';
  return { correct: choice === fakeSide, fakeSide };
}

function result(record: SessionRecord, trial: TrialSummary, choice: string, duplicate: boolean): ResponseResult {
  return {
    saved: true,
    duplicate,
    stage: record.stage,
    nextTrial: isTrialStage(record.stage) ? (nextUnanswered(record)?.index ?? null) : null,
    feedback: isPractice(trial) ? feedbackOf(trial, choice) : null,
  };
}

function asRetry(record: SessionRecord, trial: TrialSummary, stored: string, body: ResponseBody): ResponseResult {
  if (stored !== body.choice) {
    throw conflict(`Trial ${trial.index} was already answered with a different choice; the first answer stands.`, 'different-answer');
  }
  return result(record, trial, stored, true);
}

/** Whether the answer is right, after checking it is the kind of answer the study's trials take. */
function correctness(record: SessionRecord, trial: TrialSummary, body: ResponseBody): boolean {
  if (isSingleImageProtocol(record.config.protocol)) {
    if (body.choice !== 'real' && body.choice !== 'fake') throw badRequest('choice: this study asks "real" or "fake" for each photo', 'wrong-answer-kind');
    if (trial.showsReal === null) throw new Error(`trial ${trial.index} of a single-image study has no showsReal`);
    if (record.config.protocol === 'hype-time' && trial.exposureMs === null) {
      throw conflict(`Trial ${trial.index} has not been shown yet: fetch it before answering.`, 'not-shown');
    }
    return isCorrectAnswer(body.choice, trial.showsReal);
  }
  if (body.choice !== 'left' && body.choice !== 'right') throw badRequest('choice: this study asks "left" or "right" (the photo with fake colours)', 'wrong-answer-kind');
  if (!trial.realSide) throw new Error(`trial ${trial.index} of session has no realSide (not a 2AFC trial)`);
  return body.choice !== trial.realSide;
}

/** What an answer to trial `index` amounts to: a retry of the stored answer, or a new one to store. */
export type AnswerDecision = { kind: 'retry'; result: ResponseResult } | { kind: 'store'; trial: TrialSummary; correct: boolean };

/**
 * Validates an answer against the session as loaded: the trial exists, a stored answer is
 * only repeated, the stage takes answers, the trial is the next one, the answer is of the
 * protocol's kind. Throws the SessionError a participant sees. Further checks on an answer
 * belong here, fed by what the loaders read.
 */
export function decideAnswer(record: SessionRecord, index: number, body: ResponseBody): AnswerDecision {
  const trial = record.trials.find((t) => t.index === index);
  if (!trial) throw notFound(`This session has no trial ${index}.`, 'unknown-trial');
  if (trial.choice !== null) return { kind: 'retry', result: asRetry(record, trial, trial.choice, body) };
  if (!isTrialStage(record.stage)) {
    throw conflict(`Answers cannot be given at the ${record.stage} stage.`, 'wrong-stage');
  }
  const next = nextUnanswered(record)!;
  if (next.index !== index) throw conflict(`Trial ${index} is out of order: the next trial to answer is ${next.index}.`, 'out-of-order');
  const correct = correctness(record, trial, body);
  if (record.source !== 'simulated' && !imagesWereServed(trial)) {
    throw conflict(`Trial ${index} has not been shown: its images were never sent to this session. Fetch them before answering; the answer is not stored.`, 'not-shown');
  }
  return { kind: 'store', trial, correct };
}

/** The session with `trial` answered. */
function withAnswer(record: SessionRecord, trial: TrialSummary, body: ResponseBody, correct: boolean): SessionRecord {
  return { ...record, trials: record.trials.map((t) => (t.id === trial.id ? { ...t, choice: body.choice, correct, rtMs: body.rtMs } : t)) };
}

function newResponse(trial: TrialSummary, correct: boolean, body: ResponseBody, now: Date): NewResponse {
  return {
    trialId: trial.id,
    choice: body.choice,
    correct,
    rtMs: body.rtMs,
    timing: JSON.stringify({ ...body.timing, requestId: body.requestId }),
    clientSentAt: body.clientSentAt ? new Date(body.clientSentAt) : null,
    focusLosses: body.focusLosses ?? null,
    fullscreenExits: body.fullscreenExits ?? null,
    createdAt: now,
  };
}

export async function submitResponse(db: Db, token: string, index: number, body: ResponseBody, now = new Date()): Promise<ResponseResult> {
  if (!isSessionToken(token)) throw notFound(UNKNOWN_SESSION, 'unknown-session');
  const { sqlite, postgres } = await directAccess(db);
  if (sqlite) return sqlite.grouped(() => submitDirect(sqlite.connection, token, index, body, now));
  return submitPostgres(postgres, token, index, body, now);
}

/**
 * SQLite: load, validate and write within one IMMEDIATE transaction on the shared connection
 * (a savepoint of the group commit, sqlite-adapter.ts), and acknowledged once it committed.
 * Nothing else runs in between (the statements are synchronous, the group's writes run one
 * after another, and other processes wait for the write lock), so a concurrent copy of the
 * answer finds it stored and is a retry.
 */
function submitDirect(c: SharedSqlite['connection'], token: string, index: number, body: ResponseBody, now: Date): ResponseResult {
  const row = loadSessionDirect(c, token, now);
  if (!row) throw notFound(UNKNOWN_SESSION, 'unknown-session');
  const record = syncStageDirect(c, sessionRecord(row));
  const decision = decideAnswer(record, index, body);
  if (decision.kind === 'retry') return decision.result;
  const { trial, correct } = decision;
  insertResponseDirect(c, newResponse(trial, correct, body, now));
  return result(syncStageDirect(c, withAnswer(record, trial, body, correct)), trial, body.choice, false);
}

/** syncStage within a write transaction: nothing can change the stage in between. */
function syncStageDirect(c: SharedSqlite['connection'], record: SessionRecord): SessionRecord {
  const synced = withImpliedStage(record);
  if (synced.stage !== record.stage) setStageDirect(c, record.token, record.stage, synced.stage);
  return synced;
}

/**
 * PostgreSQL, where several server processes may receive copies of one answer at once: the
 * answer and the stage it implies are written by one statement, only if the unique trialId
 * lets the answer in (direct-postgres.ts). A copy that loses finds the winner's answer on
 * reading again, and is answered as a retry (or refused, if its choice differs). Only the
 * next trial can be answered, and the next one is read from committed answers, so answers
 * of one session cannot pass each other.
 */
async function submitPostgres(pool: pg.Pool, token: string, index: number, body: ResponseBody, now: Date): Promise<ResponseResult> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const row = await loadSessionPostgres(pool, token, now);
    if (!row) throw notFound(UNKNOWN_SESSION, 'unknown-session');
    const stored = sessionRecord(row);
    const record = withImpliedStage(stored);
    const decision = decideAnswer(record, index, body);
    if (decision.kind === 'retry') return decision.result;
    const { trial, correct } = decision;
    const after = withImpliedStage(withAnswer(record, trial, body, correct));
    if (await insertResponsePostgres(pool, newResponse(trial, correct, body, now), token, stored.stage, after.stage)) {
      return result(after, trial, body.choice, false);
    }
    // A concurrent copy stored an answer to this trial first (and committed): read it back.
  }
  throw new Error(`session ${token.slice(0, 4)}…: the answer to trial ${index} was neither stored nor found`);
}
