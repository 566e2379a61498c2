/**
 * Who is arriving, read from the query string of the study link (/s/<studyId>?…):
 * - Prolific: PROLIFIC_PID, STUDY_ID, SESSION_ID (SPEC "Recruitment conventions").
 * - MTurk ExternalQuestion: assignmentId, hitId, workerId, turkSubmitTo; assignmentId =
 *   ASSIGNMENT_ID_NOT_AVAILABLE is a preview (the worker has not accepted the HIT yet).
 * - SIMULATED_ID: a simulated participant (scripts/simulate.ts); refused when the server runs
 *   with ALLOW_SIMULATED=0.
 * - none of these: a direct link; the participant's id is a random one kept in a cookie.
 * The participant's identity is (source, externalId); the same identity always gets its one
 * session back.
 */
import type { RecruitmentSource } from '../study/vocabulary';
import { badRequest, SessionError } from './errors';

export type Platform = 'direct' | 'prolific' | 'mturk';

export const MTURK_PREVIEW_ASSIGNMENT = 'ASSIGNMENT_ID_NOT_AVAILABLE';
export const MTURK_LIVE = 'https://www.mturk.com';
export const MTURK_SANDBOX = 'https://workersandbox.mturk.com';
export const PROLIFIC_COMPLETE = 'https://app.prolific.com/submissions/complete';

/** Recruitment parameters kept with the session (Session.recruitment), as the platform named them. */
export type RecruitmentParams = Record<string, string>;

export type Arrival =
  | { kind: 'preview' }
  | {
      kind: 'participant';
      source: RecruitmentSource;
      /** null for a direct link: the caller supplies the id from (or for) the cookie. */
      externalId: string | null;
      recruitment: RecruitmentParams;
    };

const ID = /^[A-Za-z0-9._:-]{1,128}$/;

function checkId(name: string, value: string): string {
  if (!ID.test(value)) throw badRequest(`${name} must be 1 to 128 letters, digits, dots, dashes, colons or underscores`, 'bad-id');
  return value;
}

/** Reads the arrival from query parameters (first value of each); throws SessionError(400/403) on bad links. */
export function parseArrival(
  query: Readonly<Record<string, string | undefined>>,
  platform: Platform,
  options: { allowSimulated: boolean } = { allowSimulated: true },
): Arrival {
  const get = (k: string) => {
    const v = query[k]?.trim();
    return v ? v : undefined;
  };
  const pid = get('PROLIFIC_PID');
  const assignmentId = get('assignmentId');
  // A link copied from the study's page before Prolific filled it in (a researcher testing it).
  if (pid && /\{\{?%?[A-Z_]+%?\}?\}/.test(pid)) {
    throw badRequest(
      'This link still has Prolific\'s placeholders instead of a Prolific ID. Participants get a filled-in link from Prolific; to try the study yourself, use the preview on the study\'s overview page.',
      'unfilled-placeholder',
    );
  }
  const simulated = get('SIMULATED_ID');
  if (pid) {
    const recruitment: RecruitmentParams = {};
    for (const k of ['STUDY_ID', 'SESSION_ID']) {
      const v = get(k);
      if (v) recruitment[k] = checkId(k, v);
    }
    return { kind: 'participant', source: 'prolific', externalId: checkId('PROLIFIC_PID', pid), recruitment };
  }
  if (assignmentId) {
    if (assignmentId === MTURK_PREVIEW_ASSIGNMENT) return { kind: 'preview' };
    const workerId = get('workerId');
    if (!workerId) throw badRequest('this MTurk link has an assignmentId but no workerId', 'missing-id');
    const recruitment: RecruitmentParams = { assignmentId: checkId('assignmentId', assignmentId) };
    const hitId = get('hitId');
    if (hitId) recruitment.hitId = checkId('hitId', hitId);
    const submitTo = get('turkSubmitTo');
    if (submitTo) recruitment.turkSubmitTo = mturkHost(submitTo);
    return { kind: 'participant', source: 'mturk', externalId: checkId('workerId', workerId), recruitment };
  }
  if (simulated) {
    if (!options.allowSimulated) throw new SessionError(403, 'simulated participants are not accepted by this server', 'simulated-refused');
    return { kind: 'participant', source: 'simulated', externalId: checkId('SIMULATED_ID', simulated), recruitment: {} };
  }
  if (platform === 'prolific') {
    throw new SessionError(403, 'Please open this study from Prolific: the link is missing your Prolific ID.', 'needs-prolific');
  }
  if (platform === 'mturk') {
    throw new SessionError(403, 'Please open this study from Amazon Mechanical Turk: the link is missing the assignment.', 'needs-mturk');
  }
  return { kind: 'participant', source: 'direct', externalId: null, recruitment: {} };
}

/**
 * turkSubmitTo, checked: answers are posted there, so only MTurk's own two sites are accepted
 * (a doctored link must not send a worker's assignment elsewhere).
 */
export function mturkHost(value: string): string {
  const trimmed = value.replace(/\/+$/, '');
  if (trimmed === MTURK_LIVE || trimmed === MTURK_SANDBOX) return trimmed;
  throw badRequest(`turkSubmitTo must be ${MTURK_LIVE} or ${MTURK_SANDBOX}`, 'bad-submit-host');
}

/** Where an MTurk assignment is submitted (a form POST with assignmentId). */
export function mturkSubmitAction(recruitment: RecruitmentParams, sandbox: boolean): string {
  return `${recruitment.turkSubmitTo ?? (sandbox ? MTURK_SANDBOX : MTURK_LIVE)}/mturk/externalSubmit`;
}

/** Prolific's completion URL for a code (the completion or the screened-out code). */
export function prolificCompletionUrl(code: string): string {
  return `${PROLIFIC_COMPLETE}?cc=${encodeURIComponent(code)}`;
}

/** The first value of each parameter of a URLSearchParams or Next.js searchParams object. */
export function firstValues(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  if (params instanceof URLSearchParams) {
    for (const [k, v] of params) if (!(k in out)) out[k] = v;
  } else {
    for (const [k, v] of Object.entries(params)) {
      const first = Array.isArray(v) ? v[0] : v;
      if (first !== undefined) out[k] = first;
    }
  }
  return out;
}
