/**
 * The participant API's endpoints, apart from the HTTP server that carries them: each takes
 * the path's parameters (and the request body's text) and gives the reply. The Next.js route
 * handlers under app/api/sessions/ and npm start's fast path (app/lib/server/fast-path.ts)
 * both call these, so a request is decided by the same code whichever of them receives it.
 *
 *   GET  /api/health                                    health()
 *   GET  /api/sessions/<token>                          sessionState(token)
 *   POST /api/sessions/<token>/stage                    advance(token, body)
 *   POST /api/sessions/<token>/withdraw                 withdraw(token, body)
 *   GET  /api/sessions/<token>/trials/<n>               trialView(token, n)
 *   GET  /api/sessions/<token>/trials/<n>/image/<slot>  trialImage(token, n, slot)
 *   POST /api/sessions/<token>/trials/<n>/response      answer(token, n, body)
 *
 * Starting a session (POST /api/sessions) stays a Next.js route: it sets a cookie and is
 * guarded by origin and rate checks, once per participant.
 */
import { getPrisma } from '../db/client';
import { SERVED_STIMULUS_MIME, servedStimulus } from '../stimuli/served-stimulus';
import { AdvanceBodySchema, ResponseBodySchema, WithdrawBodySchema } from './api-types';
import { SessionError } from './errors';
import { indexParam, jsonReply, NO_STORE, parseBody, reply, type ApiReply } from './http';
import { submitResponse } from './responses';
import { advanceStage, withdrawSession } from './stages';
import { getSessionState } from './state';
import { getTrialImage, getTrialView } from './trials';

/** Answers at once, touching nothing; load tests compare the answer path with it. */
export function health(): ApiReply {
  return jsonReply({ ok: true });
}

/** The session's state (stage, progress, presentation, completion). */
export function sessionState(token: string): Promise<ApiReply> {
  return reply(async () => jsonReply(await getSessionState(await getPrisma(), token)));
}

/** Leave a stage (consent, instructions + browser check, debrief). */
export function advance(token: string, body: string): Promise<ApiReply> {
  return reply(async () => jsonReply(await advanceStage(await getPrisma(), token, parseBody(body, AdvanceBodySchema))));
}

/** Withdraw from the study (stage 'withdrawn'; the body confirms it). */
export function withdraw(token: string, body: string): Promise<ApiReply> {
  return reply(async () => {
    parseBody(body, WithdrawBodySchema);
    return jsonReply(await withdrawSession(await getPrisma(), token));
  });
}

/** Trial n's presentation and its opaque image URLs. */
export function trialView(token: string, n: string): Promise<ApiReply> {
  return reply(async () => jsonReply(await getTrialView(await getPrisma(), token, indexParam(n, 'trial'))));
}

/** The image in slot 0 (left / first) or 1 (right / second) of trial n. */
export function trialImage(token: string, n: string, slot: string): Promise<ApiReply> {
  return reply(async () => {
    if (slot !== '0' && slot !== '1') throw new SessionError(404, `There is no image slot "${slot}": use 0 or 1.`, 'unknown-path');
    const index = indexParam(n, 'trial');
    const image = await getTrialImage(await getPrisma(), token, index, slot === '0' ? 0 : 1);
    // Never the stored bytes: a per-session copy whose size and headers say nothing (see served-stimulus.ts).
    const bytes = await servedStimulus(image.bytes, `${token}/${index}/${slot}`);
    // No ETag or Last-Modified: nothing that would let two trials' images be matched up.
    return { status: 200, headers: { ...NO_STORE, 'Content-Type': SERVED_STIMULUS_MIME, 'X-Content-Type-Options': 'nosniff' }, body: bytes };
  });
}

/** The answer to trial n (stored once; retries are safe). */
export function answer(token: string, n: string, body: string): Promise<ApiReply> {
  return reply(async () => {
    const index = indexParam(n, 'trial');
    return jsonReply(await submitResponse(await getPrisma(), token, index, parseBody(body, ResponseBodySchema)));
  });
}
