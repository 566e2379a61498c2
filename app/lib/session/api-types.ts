/**
 * The participant API's request bodies (zod, validated by the route handlers) and response
 * shapes. Shared by the server, the browser client and the simulator; no server-only imports.
 *
 * Endpoints (all JSON, all `Cache-Control: private, no-store`):
 *   POST /api/sessions                                  StartBody -> StartResult
 *   GET  /api/sessions/<token>                          -> SessionState
 *   POST /api/sessions/<token>/stage                    AdvanceBody -> SessionState
 *   GET  /api/sessions/<token>/trials/<n>               -> TrialView
 *   GET  /api/sessions/<token>/trials/<n>/image/<slot>  -> image bytes (slot 0 = left/first)
 *   POST /api/sessions/<token>/trials/<n>/response      ResponseBody -> ResponseResult
 * Errors: { error: sentence, code: reason } with 400 (bad body), 403, 404 (unknown token),
 * 409 (out of order, a different answer to an answered trial, wrong stage), 410 (closed).
 */
import { z } from 'zod';
import { BrowserCheckDataSchema } from '../trial-types/browser-check';
import { TwoAfcDataSchema, type PresentationParams } from '../trial-types/two-afc';
import type { SessionStage, Side } from '../study/vocabulary';

export const StartBodySchema = z.strictObject({
  studyId: z.string().min(1).max(64),
  /** The study link's query parameters (PROLIFIC_PID…, assignmentId…, SIMULATED_ID). */
  params: z.record(z.string().max(64), z.string().max(512)).default({}),
});
export type StartBody = z.input<typeof StartBodySchema>;

export interface StartResult {
  token: string;
  stage: SessionStage;
  /** false when the participant's existing session was given back. */
  created: boolean;
}

/** Advancing is "leave stage `from`": a retried request for a stage already left is answered with the current state. */
export const AdvanceBodySchema = z.discriminatedUnion('from', [
  z.strictObject({ from: z.literal('consent'), consent: z.boolean() }),
  z.strictObject({ from: z.literal('instructions'), check: BrowserCheckDataSchema }),
  z.strictObject({ from: z.literal('debrief') }),
]);
export type AdvanceBody = z.output<typeof AdvanceBodySchema>;

export const ResponseBodySchema = TwoAfcDataSchema.extend({
  /** Chosen by the client per answer and kept across retries of that answer. */
  requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 letters, digits, dashes or underscores'),
  /** The client's clock when the answer was first sent (ISO 8601). */
  clientSentAt: z.iso.datetime({ offset: true }).optional(),
});
export type ResponseBody = z.output<typeof ResponseBodySchema>;

export interface BlockProgress {
  total: number;
  answered: number;
}

export type Completion =
  | { platform: 'prolific'; code: string; redirectUrl: string }
  | { platform: 'mturk'; code: string; action: string; assignmentId: string | null }
  | { platform: 'direct'; code: string };

export interface SessionState {
  stage: SessionStage;
  presentation: PresentationParams;
  minWindow: { width: number; height: number };
  practice: BlockProgress;
  /** The test block: test trials and attention checks together (they look alike to the participant). */
  test: BlockProgress;
  /** Index of the next trial to answer (while in practice or test), else null. */
  nextTrial: number | null;
  /** Set when the stage is 'complete' (and only then). */
  completion: Completion | null;
  /** Set when the stage is 'screened-out' or 'returned': what to tell the participant. */
  ended: { message: string; code: string | null; returnUrl: string | null } | null;
}

export interface TrialView {
  index: number;
  block: 'practice' | 'test';
  /** 1-based position within the block, and the block's length. */
  number: number;
  of: number;
  presentation: PresentationParams;
  /** Slot 0 (left / first) and slot 1 (right / second); opaque, the same shape for every trial. */
  images: [string, string];
  feedback: boolean;
}

export interface ResponseResult {
  saved: true;
  /** true when this answer had already been stored (a retry). */
  duplicate: boolean;
  stage: SessionStage;
  nextTrial: number | null;
  /** Practice trials only: whether the answer was right, and which side had fake colours. */
  feedback: { correct: boolean; fakeSide: Side } | null;
}
