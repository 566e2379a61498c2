/**
 * The session state the participant's browser receives (GET /api/sessions/<token>, and the
 * /p/<token> page's first render): stage, progress, presentation, and how to finish. It says
 * nothing about trials beyond counts: no methods, no images, no sides.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/client';
import type { Completion, SessionState } from './api-types';
import { passesAttention } from '../recruitment/outcome';
import { fastAnswers } from '../stats/fast-answers';
import { participantTexts } from './participant-texts';
import { mturkSubmitAction, prolificCompletionUrl } from './recruitment';
import { singleImageDisplay } from './study-context';
import { blockOf, isTrialStage, loadSession, nextUnanswered, syncStage, type SessionRecord, type TrialStage } from './session-record';

export async function getSessionState(db: Db, token: string, now = new Date()): Promise<SessionState> {
  return stateOf(await syncStage(db, await loadSession(db, token, now)));
}

/** Whether the session passes the study's rules: the attention rule and the fast-answer rule (as on the Participants page). */
function passedRules(record: Pick<SessionRecord, 'config' | 'trials'>): boolean {
  const checks = record.trials.filter((t) => t.kind === 'attention' && t.choice !== null);
  if (!passesAttention(checks.filter((t) => t.correct).length, checks.length, record.config.attention.minAccuracy)) return false;
  const { minRtMs, maxFastShare } = record.config.quality;
  const times = record.trials.filter((t) => (t.kind === 'test' || t.kind === 'attention') && t.rtMs !== null).map((t) => t.rtMs!);
  return !fastAnswers(times, { minRtMs, maxFastShare: maxFastShare ?? null }).excluded;
}

/**
 * The completion code: the failed-checks code for a session below the study's rules when
 * the study has one (config.recruitment.failedChecksCode), else the study's (config.recruitment.completionCode), or for studies
 * without one a per-session code. The per-session code is a hash of the token, so it can be
 * shown again on any reload without being stored, and cannot be guessed without the token.
 */
export function completionCode(record: Pick<SessionRecord, 'token' | 'config' | 'trials'>): string {
  const { failedChecksCode } = record.config.recruitment;
  if (failedChecksCode && !passedRules(record)) return failedChecksCode;
  return record.config.recruitment.completionCode ?? createHash('sha256').update(`completion:${record.token}`).digest('hex').slice(0, 10).toUpperCase();
}

function completion(record: SessionRecord): Completion {
  const code = completionCode(record);
  if (record.source === 'prolific') return { platform: 'prolific', code, redirectUrl: prolificCompletionUrl(code) };
  if (record.source === 'mturk') {
    return {
      platform: 'mturk',
      code,
      action: mturkSubmitAction(record.recruitment, record.config.recruitment.mturkSandbox),
      assignmentId: record.recruitment.assignmentId ?? null,
    };
  }
  return { platform: 'direct', code };
}

function ended(record: SessionRecord): SessionState['ended'] {
  if (record.stage === 'withdrawn') {
    // What happens to the answers is the study's withdrawal text (participant-texts.ts); this is what to do next.
    const message =
      record.source === 'prolific'
        ? 'Please return the study on Prolific; no completion code is needed.'
        : record.source === 'mturk'
          ? 'Please return the HIT.'
          : 'You can close this page.';
    return { message, code: null, returnUrl: null };
  }
  if (record.stage === 'returned') {
    const message =
      record.source === 'prolific'
        ? 'You chose not to take part. Please return the study on Prolific; no code is needed. Thank you for your time.'
        : record.source === 'mturk'
          ? 'You chose not to take part. Please return the HIT. Thank you for your time.'
          : 'You chose not to take part. You can close this page. Thank you for your time.';
    return { message, code: null, returnUrl: null };
  }
  if (record.stage === 'screened-out') {
    const base = record.endReason ?? 'Your device does not meet the requirements of this study.';
    if (record.source === 'prolific') {
      const code = record.config.recruitment.screenedOutCode ?? null;
      return code
        ? { message: `${base} Please return to Prolific with the code below.`, code, returnUrl: prolificCompletionUrl(code) }
        : { message: `${base} Please return the study on Prolific.`, code: null, returnUrl: null };
    }
    if (record.source === 'mturk') return { message: `${base} Please return the HIT.`, code: null, returnUrl: null };
    return { message: `${base} You can close this page.`, code: null, returnUrl: null };
  }
  return null;
}

function progressOf(record: SessionRecord, block: TrialStage) {
  const trials = record.trials.filter((t) => blockOf(t) === block);
  return { total: trials.length, answered: trials.filter((t) => t.choice !== null).length };
}

export function stateOf(record: SessionRecord): SessionState {
  const { config } = record;
  const inTrials = isTrialStage(record.stage);
  return {
    stage: record.stage,
    protocol: config.protocol,
    presentation: { mode: config.presentation.mode, exposureMs: config.presentation.exposureMs, gapMs: config.presentation.gapMs },
    singleImage: singleImageDisplay(config),
    minWindow: { width: config.minWindow.width, height: config.minWindow.height },
    fullscreen: config.quality.fullscreen,
    practice: progressOf(record, 'practice'),
    qualification: progressOf(record, 'qualification'),
    test: progressOf(record, 'test'),
    nextTrial: inTrials ? (nextUnanswered(record)?.index ?? null) : null,
    completion: record.stage === 'complete' ? completion(record) : null,
    debrief: record.stage === 'debrief' || record.stage === 'complete' ? participantTexts(config).debrief : null,
    ended: ended(record),
  };
}
