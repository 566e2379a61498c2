/**
 * One simulated participant, through the same HTTP endpoints as the browser: arrive with a
 * SIMULATED_ID, consent, pass the browser check, fetch every trial and its images,
 * answer with the trial type's `simulate()` (app/lib/trial-types), finish, and read the
 * completion. A participant whose id already has a finished session gets it back and sends
 * nothing (the server's one-session rule).
 */
import { deriveSeed, seededRandom } from '../random';
import type { ResponseResult, SessionState, StartResult, TrialView } from '../session/api-types';
import { browserCheck } from '../trial-types/browser-check';
import { isTrialStage } from '../session/session-record';
import { singleImage } from '../trial-types/single-image';
import { twoAfc } from '../trial-types/two-afc';
import { pickFakeProbability, singleImageCorrectProbability, type Behaviour } from './behaviour';
import { HttpError, ParticipantHttp } from './http';
import type { TruthSource } from './truth';

export interface ParticipantPlan {
  baseUrl: string;
  studyId: string;
  /** Seed of this participant's behaviour. */
  seed: number;
  externalId: string;
  behaviour: Behaviour;
  truth: TruthSource;
  /** Sent with the start request as a Bearer token: the server admits simulated participants only with it. */
  adminPassword: string;
  /** Fetch both images of every trial, as a browser does (default true). */
  fetchImages?: boolean;
  /** Wait about this long before each answer, as a person would (ms; default 0). */
  paceMs?: number;
  /** Called after each stored answer (progress). */
  onAnswer?: () => void;
}

export interface ParticipantResult {
  externalId: string;
  token: string | null;
  careless: boolean;
  /** Whether the server created the session now (false: an existing one was given back). */
  created: boolean;
  finalStage: string | null;
  /** Answers the server confirmed as newly stored. */
  responsesSent: number;
  /** Latency of every answer POST, ms. */
  responseLatenciesMs: number[];
  completionCode: string | null;
  error: string | null;
}

/** An error's message, with its code (ECONNRESET, ECONNREFUSED…) or its cause's when it has one. */
function withCause(e: Error): string {
  const own = (e as Error & { code?: string }).code;
  const cause = e.cause instanceof Error ? ((e.cause as Error & { code?: string }).code ?? e.cause.message) : (own ?? null);
  return cause && !e.message.includes(cause) ? `${e.message} (${cause})` : e.message;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function simulateParticipant(plan: ParticipantPlan): Promise<ParticipantResult> {
  const random = seededRandom(plan.seed);
  const careless = random() < plan.behaviour.careless;
  const http = new ParticipantHttp(plan.baseUrl);
  const result: ParticipantResult = {
    externalId: plan.externalId,
    token: null,
    careless,
    created: false,
    finalStage: null,
    responsesSent: 0,
    responseLatenciesMs: [],
    completionCode: null,
    error: null,
  };
  try {
    const start = await http.json<StartResult>('POST', '/api/sessions', { studyId: plan.studyId, params: { SIMULATED_ID: plan.externalId } }, {
      Authorization: `Bearer ${plan.adminPassword}`,
    });
    const token = start.body.token;
    result.token = token;
    result.created = start.body.created;
    const api = `/api/sessions/${token}`;
    let state = (await http.json<SessionState>('GET', api)).body;
    if (state.stage === 'consent') state = (await http.json<SessionState>('POST', `${api}/stage`, { from: 'consent', consent: true })).body;
    if (state.stage === 'instructions') {
      const check = browserCheck.simulate({ minWindow: state.minWindow }, null, { desktop: true }, random);
      state = (await http.json<SessionState>('POST', `${api}/stage`, { from: 'instructions', check })).body;
    }
    const truth = new Map((await plan.truth(token)).map((t) => [t.index, t]));
    let next = state.nextTrial;
    let stage = state.stage;
    while (isTrialStage(stage) && next !== null) {
      const view = (await http.json<TrialView>('GET', `${api}/trials/${next}`)).body;
      if (plan.fetchImages !== false) await Promise.all(view.images.map((url) => http.image(url)));
      const t = truth.get(next);
      if (!t) throw new Error(`the database has no trial ${next} for session ${token}: is DATABASE_URL the server's database?`);
      const { rtMedianMs, rtLogSd } = plan.behaviour;
      const data =
        view.trialType === 'single-image'
          ? singleImage.simulate(
              { image: view.images[0], exposureMs: view.exposureMs, maskMs: view.maskMs, feedback: view.feedback },
              { showsReal: t.showsReal! },
              { correctProbability: singleImageCorrectProbability(plan.behaviour, careless, t.kind, t.method, t.attentionMethod), rtMedianMs, rtLogSd },
              random,
            )
          : twoAfc.simulate(
              { presentation: view.presentation, images: view.images, feedback: view.feedback },
              { realSide: t.realSide! },
              { pickFake: pickFakeProbability(plan.behaviour, careless, t.kind, t.method), rtMedianMs, rtLogSd },
              random,
            );
      // A human pace: 0.5 to 1.5 times paceMs, so that arrivals do not stay in lockstep.
      if (plan.paceMs) await sleep(plan.paceMs * (0.5 + random()));
      const requestId = `sim${deriveSeed(plan.seed, 'request', next).toString(36).padStart(8, '0')}`;
      const reply = await http.json<ResponseResult>('POST', `${api}/trials/${next}/response`, { ...data, requestId });
      result.responseLatenciesMs.push(reply.ms);
      if (!reply.body.duplicate) result.responsesSent++;
      plan.onAnswer?.();
      stage = reply.body.stage;
      next = reply.body.nextTrial;
    }
    if (stage === 'debrief') state = (await http.json<SessionState>('POST', `${api}/stage`, { from: 'debrief' })).body;
    else state = (await http.json<SessionState>('GET', api)).body;
    result.finalStage = state.stage;
    result.completionCode = state.completion?.code ?? null;
  } catch (e) {
    result.error = e instanceof HttpError || e instanceof Error ? withCause(e) : String(e);
  }
  return result;
}
