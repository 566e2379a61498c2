/**
 * The participant API's request bodies (zod, validated by the route handlers) and response
 * shapes. Shared by the server, the browser client and the simulator; no server-only imports.
 *
 * Endpoints (all JSON, all `Cache-Control: private, no-store`):
 *   POST /api/sessions                                  StartBody -> StartResult
 *   GET  /api/sessions/<token>                          -> SessionState
 *   POST /api/sessions/<token>/stage                    AdvanceBody -> SessionState
 *   POST /api/sessions/<token>/withdraw                 WithdrawBody -> SessionState (stage 'withdrawn')
 *   GET  /api/sessions/<token>/trials/<n>               -> TrialView
 *   GET  /api/sessions/<token>/trials/<n>/image/<slot>  -> image bytes (slot 0 = left/first)
 *   POST /api/sessions/<token>/trials/<n>/response      ResponseBody -> ResponseResult
 * Errors: { error: sentence, code: reason } with 400 (bad body), 403, 404 (unknown token),
 * 409 (out of order, a different answer to an answered trial, wrong stage), 410 (closed).
 */
import { z } from 'zod';
import { BrowserCheckDataSchema } from '../trial-types/browser-check';
import { SingleImageDataSchema } from '../trial-types/single-image';
import { TwoAfcDataSchema, type PresentationParams } from '../trial-types/two-afc';
import type { Protocol, SessionStage, Side } from '../study/vocabulary';

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

/** Withdrawing ends the session for good: the body says the participant confirmed it. */
export const WithdrawBodySchema = z.strictObject({ confirm: z.literal(true) });
export type WithdrawBody = z.output<typeof WithdrawBodySchema>;

const AnswerMeta = {
  /** Chosen by the client per answer and kept across retries of that answer. */
  requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 letters, digits, dashes or underscores'),
  /** The client's clock when the answer was first sent (ISO 8601). */
  clientSentAt: z.iso.datetime({ offset: true }).optional(),
  /** Times the page was hidden or lost focus between the trial's start and the answer. */
  focusLosses: z.int().min(0).max(10_000).optional(),
  /** Times the participant left full screen during the trial (studies that ask for full screen). */
  fullscreenExits: z.int().min(0).max(10_000).optional(),
};

/** A 2AFC answer (choice "left"/"right") or a single-image answer (choice "real"/"fake"); the choice tells which. */
export const ResponseBodySchema = z.discriminatedUnion('choice', [TwoAfcDataSchema.extend(AnswerMeta), SingleImageDataSchema.extend(AnswerMeta)]);
export type ResponseBody = z.output<typeof ResponseBodySchema>;
export type TwoAfcResponseBody = Extract<ResponseBody, { choice: Side }>;
export type SingleImageResponseBody = Extract<ResponseBody, { choice: 'real' | 'fake' }>;

export interface BlockProgress {
  total: number;
  answered: number;
}

export type Completion =
  | { platform: 'prolific'; code: string; redirectUrl: string }
  | { platform: 'mturk'; code: string; action: string; assignmentId: string | null }
  | { platform: 'direct'; code: string };

/** How single-image trials are shown: for a staircase-controlled exposure then a mask (hype-time), or until the answer. */
export interface SingleImageDisplay {
  timed: boolean;
  maskMs: number;
  /** The shortest and longest exposure (hype-time), for the instructions. */
  minMs: number | null;
  maxMs: number | null;
}

export interface SessionState {
  stage: SessionStage;
  protocol: Protocol;
  presentation: PresentationParams;
  /** Single-image protocols only; null for 2AFC. */
  singleImage: SingleImageDisplay | null;
  minWindow: { width: number; height: number };
  /** Whether the study asks for full screen during the trials (quality.fullscreen). */
  fullscreen: boolean;
  /** Practice trials (2AFC) or tutorial trials (HYPE), with feedback. */
  practice: BlockProgress;
  /** HYPE's qualification block (total 0 for 2AFC). */
  qualification: BlockProgress;
  /** The test block: test trials and attention checks together (they look alike to the participant). */
  test: BlockProgress;
  /** Index of the next trial to answer (while in practice or test), else null. */
  nextTrial: number | null;
  /** Set when the stage is 'complete' (and only then). */
  completion: Completion | null;
  /** The debrief (Markdown), from the debrief stage on only: what the study was about never reaches the browser earlier. */
  debrief: string | null;
  /** Set when the stage is 'screened-out', 'returned' or 'withdrawn': what to tell the participant (withdrawn: after the study's withdrawal text). */
  ended: { message: string; code: string | null; returnUrl: string | null } | null;
}

interface TrialViewBase {
  index: number;
  /** The stage the trial belongs to: 'practice' (2AFC practice, HYPE tutorial), 'qualification' or 'test'. */
  block: 'practice' | 'qualification' | 'test';
  /** 1-based position within the block, and the block's length. */
  number: number;
  of: number;
  feedback: boolean;
}

export interface TwoAfcTrialView extends TrialViewBase {
  trialType: '2afc';
  presentation: PresentationParams;
  /** Slot 0 (left / first) and slot 1 (right / second); opaque, the same shape for every trial. */
  images: [string, string];
}

export interface SingleImageTrialView extends TrialViewBase {
  trialType: 'single-image';
  /** Slot 0; opaque, the same shape for every trial. */
  images: [string];
  /** Display time of the image; null: until the answer (hype-infinity), or not decided yet (see exposurePending). */
  exposureMs: number | null;
  /**
   * hype-time: the staircase sets this trial's exposure from the answers before it, so a trial
   * fetched ahead (preloading) has none yet: fetch the view again when it is the next one.
   */
  exposurePending: boolean;
  maskMs: number;
}

export type TrialView = TwoAfcTrialView | SingleImageTrialView;

export type TrialFeedback = { correct: boolean; fakeSide: Side } | { correct: boolean; wasReal: boolean };

export interface ResponseResult {
  saved: true;
  /** true when this answer had already been stored (a retry). */
  duplicate: boolean;
  stage: SessionStage;
  nextTrial: number | null;
  /** Practice and tutorial trials only: whether the answer was right, and which side had fake colours (2AFC) or whether the photo was real. */
  feedback: TrialFeedback | null;
}
