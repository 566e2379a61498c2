/**
 * One row per session for matching sessions to recruitment-platform submissions: who (the
 * Prolific PID or MTurk worker and assignment), how far they got, the attention result,
 * test trials answered, duration, median response time, flags, the browser check, and the
 * decision by the study's rule. Shown on /admin/studies/<id>/participants and downloaded
 * as CSV or JSON; the approve/reject id lists and Prolific's bonus file are cut from it.
 *
 * Unlike the trials export, this file carries recruitment ids: it exists to pay people.
 */
import type { Db } from '../db/client';
import { readStoredConfig, attentionThresholdOf, fastRuleOf } from '../results/stored-config';
import { fastAnswers } from '../stats/fast-answers';
import { summariseTimes } from '../stats/summarise-times';
import { decide, passesAttention, sessionStatus, type Decision, type SessionStatus } from './outcome';

export interface BrowserRecord {
  windowWidth: number | null;
  windowHeight: number | null;
  devicePixelRatio: number | null;
  refreshHz: number | null;
  userAgent: string | null;
}

export interface ReconciliationRow {
  session: number;
  participant: string;
  source: string;
  /** PROLIFIC_PID or MTurk workerId; null for direct links, previews and simulations (their ids mean nothing outside). */
  recruitmentId: string | null;
  /** MTurk assignmentId, Prolific SESSION_ID. */
  submissionId: string | null;
  method: string | null;
  status: SessionStatus;
  stage: string;
  attentionCorrect: number;
  attentionTrials: number;
  attentionPassed: boolean;
  /** test-block answers faster than quality.minRtMs */
  fastAnswers: number;
  /** false when the study's fast-answer rule (quality.maxFastShare) excludes the session */
  fastRulePassed: boolean;
  testAnswered: number;
  testTotal: number;
  startedAt: string;
  completedAt: string | null;
  durationS: number | null;
  medianRtMs: number | null;
  /** answers with the page hidden or unfocused at least once during the trial (of those that recorded it) */
  trialsWithFocusLoss: number;
  /** times full screen was left during trials (studies that ask for full screen) */
  fullscreenExits: number;
  withdrawnAt: string | null;
  flags: string[];
  decision: Decision;
  browser: BrowserRecord;
}

function browserRecord(json: string | null): BrowserRecord {
  let data: Record<string, unknown> = {};
  try {
    const parsed: unknown = json ? JSON.parse(json) : null;
    if (parsed && typeof parsed === 'object') data = parsed as Record<string, unknown>;
  } catch {
    // an unreadable record is reported as unknown
  }
  const num = (k: string) => (typeof data[k] === 'number' && Number.isFinite(data[k]) ? (data[k] as number) : null);
  return {
    windowWidth: num('windowWidth'),
    windowHeight: num('windowHeight'),
    devicePixelRatio: num('devicePixelRatio'),
    refreshHz: num('refreshHz'),
    userAgent: typeof data.userAgent === 'string' ? data.userAgent : null,
  };
}

function recruitmentParams(json: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(json);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export async function loadReconciliation(db: Db, studyId: string): Promise<ReconciliationRow[] | null> {
  const study = await db.study.findUnique({ where: { id: studyId }, select: { config: true } });
  if (!study) return null;
  const config = readStoredConfig(study.config);
  const threshold = attentionThresholdOf(config);
  const fastRule = fastRuleOf(config);
  const sessions = await db.session.findMany({
    where: { studyId },
    orderBy: { ordinal: 'asc' },
    select: {
      ordinal: true,
      participantId: true,
      stage: true,
      recruitment: true,
      client: true,
      startedAt: true,
      completedAt: true,
      withdrawnAt: true,
      participant: { select: { source: true, externalId: true } },
      method: { select: { name: true } },
      trials: { select: { kind: true, servedAt: true, response: { select: { correct: true, rtMs: true, focusLosses: true, fullscreenExits: true } } } },
    },
  });
  return sessions.map((s) => {
    const attention = s.trials.filter((t) => t.kind === 'attention');
    const attentionAnswered = attention.filter((t) => t.response);
    const attentionCorrect = attentionAnswered.filter((t) => t.response!.correct).length;
    const testBlock = s.trials.filter((t) => t.kind === 'test' || t.kind === 'attention');
    const tests = s.trials.filter((t) => t.kind === 'test');
    const answeredTests = tests.filter((t) => t.response);
    const status = sessionStatus(s.stage);
    const attentionPassed = passesAttention(attentionCorrect, attentionAnswered.length, threshold);
    const params = recruitmentParams(s.recruitment);
    const source = s.participant.source;
    const flags: string[] = [];
    if (status === 'withdrawn') flags.push('withdrew: answers left out of the analysis');
    if (!attentionPassed) flags.push(`attention checks ${attentionCorrect}/${attentionAnswered.length} correct, below ${threshold}`);
    if (status === 'completed' && attention.length === 0) flags.push('no attention checks');
    const answeredBlock = testBlock.filter((t) => t.response);
    const fast = fastAnswers(answeredBlock.map((t) => t.response!.rtMs), fastRule);
    if (fast.reason) flags.push(fast.reason);
    const responses = s.trials.flatMap((t) => (t.response ? [t.response] : []));
    const trialsWithFocusLoss = responses.filter((r) => (r.focusLosses ?? 0) > 0).length;
    const fullscreenExits = responses.reduce((n, r) => n + (r.fullscreenExits ?? 0), 0);
    if (trialsWithFocusLoss) flags.push(`left the page or window during ${trialsWithFocusLoss} of ${responses.length} trials`);
    if (fullscreenExits) flags.push(`left full screen ${fullscreenExits} time${fullscreenExits === 1 ? '' : 's'} during trials`);
    // The browser fetches every trial before showing it: an answer to a trial never fetched came from a script.
    const unserved = s.trials.filter((t) => t.response && t.servedAt === null).length;
    if (unserved) flags.push(`${unserved} answers to trials never served`);
    if (source === 'simulated' || source === 'preview') flags.push(`${source} session: not a participant`);
    const platformId = source === 'prolific' || source === 'mturk';
    return {
      session: s.ordinal,
      participant: s.participantId,
      source,
      recruitmentId: platformId ? s.participant.externalId : null,
      submissionId: params.assignmentId ?? params.SESSION_ID ?? null,
      method: s.method?.name ?? null,
      status,
      stage: s.stage,
      attentionCorrect,
      attentionTrials: attentionAnswered.length,
      attentionPassed,
      fastAnswers: fast.fast,
      fastRulePassed: !fast.excluded,
      testAnswered: answeredBlock.length,
      testTotal: testBlock.length,
      startedAt: s.startedAt.toISOString(),
      completedAt: s.completedAt?.toISOString() ?? null,
      durationS: s.completedAt ? Math.round((s.completedAt.getTime() - s.startedAt.getTime()) / 1000) : null,
      medianRtMs: summariseTimes(answeredTests.map((t) => t.response!.rtMs)).median,
      trialsWithFocusLoss,
      fullscreenExits,
      withdrawnAt: s.withdrawnAt?.toISOString() ?? null,
      flags,
      decision: platformId ? decide(status, attentionPassed && !fast.excluded) : 'none',
      browser: browserRecord(s.client),
    };
  });
}
