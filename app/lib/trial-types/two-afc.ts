/**
 * The two-alternative forced-choice trial of Zhang et al. (2016): a real photo and a
 * colorization of it, one in each slot (slot 0 = left / shown first, slot 1 = right / shown
 * second); the participant picks the one with fake colours. The trial is given only the two
 * image URLs and the presentation; which slot is real is never part of its parameters.
 *
 * Presentation (SPEC "Study"): sequential (slot 0 for exposureMs, a blank gap of gapMs,
 * slot 1 for exposureMs, then the response options; Zhang's tool), side-by-side (both for
 * exposureMs, then the options) or unlimited (both, with the options, until the answer).
 * Times are measured in the browser with requestAnimationFrame: the timestamp of the frame in
 * which an image became visible (onset) or hidden (offset), in ms after the trial started.
 */
import { z } from 'zod';
import { randomNormal } from '../random';
import { PRESENTATIONS, SIDES, type Side } from '../study/vocabulary';
import type { TrialType } from './trial-type';

export const PresentationSchema = z.strictObject({
  mode: z.enum(PRESENTATIONS),
  exposureMs: z.number().int().min(1),
  gapMs: z.number().int().min(0),
});
export type PresentationParams = z.output<typeof PresentationSchema>;

const ms = z.number().min(0).max(3_600_000).nullable();

/** Display timing, under the trial-row column names (app/lib/trials/trial-row.ts). */
export const TimingSchema = z.strictObject({
  firstOnsetMs: ms,
  firstOffsetMs: ms,
  secondOnsetMs: ms,
  secondOffsetMs: ms,
  optionsOnsetMs: ms,
  /** Median frame interval measured during the trial, for checking exposure durations. */
  frameMs: z.number().min(0).max(1000).nullable().optional(),
});
export type Timing = z.output<typeof TimingSchema>;

/** The longest response time recorded; a browser reports longer waits as this. */
export const MAX_RT_MS = 86_400_000;

export const TwoAfcParamsSchema = z.strictObject({
  presentation: PresentationSchema,
  /** Opaque URLs of slot 0 (left / first) and slot 1 (right / second). */
  images: z.tuple([z.string(), z.string()]),
  /** Practice trials tell the participant after answering whether they were right. */
  feedback: z.boolean(),
});
export type TwoAfcParams = z.output<typeof TwoAfcParamsSchema>;

export const TwoAfcDataSchema = z.strictObject({
  /** The slot picked as having fake colours: 'left' = slot 0, 'right' = slot 1. */
  choice: z.enum(SIDES),
  /** Response time in ms from the onset of the response options (at most a day: MAX_RT_MS). */
  rtMs: z.number().min(0).max(MAX_RT_MS),
  timing: TimingSchema,
});
export type TwoAfcData = z.output<typeof TwoAfcDataSchema>;

/** One step of a trial's display: which slots are visible, for how long, and whether the options are shown. */
export interface Phase {
  visible: readonly (0 | 1)[];
  /** null: until the participant answers. */
  durationMs: number | null;
  options: boolean;
}

/** The display steps of a presentation, in order; the last one waits for the answer. */
export function schedule(p: PresentationParams): Phase[] {
  switch (p.mode) {
    case 'sequential':
      return [
        { visible: [0], durationMs: p.exposureMs, options: false },
        ...(p.gapMs > 0 ? [{ visible: [] as const, durationMs: p.gapMs, options: false }] : []),
        { visible: [1], durationMs: p.exposureMs, options: false },
        { visible: [], durationMs: null, options: true },
      ];
    case 'side-by-side':
      return [
        { visible: [0, 1], durationMs: p.exposureMs, options: false },
        { visible: [], durationMs: null, options: true },
      ];
    case 'unlimited':
      return [{ visible: [0, 1], durationMs: null, options: true }];
  }
}

/**
 * The timing record a schedule produces when every step lasts exactly its duration, rounded
 * up to whole frames of `frameMs` (what a perfect display would measure). The simulator
 * reports this; the browser reports what it measured.
 */
export function nominalTiming(p: PresentationParams, frameMs = 1000 / 60): Timing {
  const t: Timing = { firstOnsetMs: null, firstOffsetMs: null, secondOnsetMs: null, secondOffsetMs: null, optionsOnsetMs: null, frameMs };
  let now = frameMs; // the first frame after the trial started
  let shown = new Set<0 | 1>();
  for (const phase of schedule(p)) {
    const next = new Set(phase.visible);
    for (const slot of [0, 1] as const) {
      if (!shown.has(slot) && next.has(slot)) t[slot === 0 ? 'firstOnsetMs' : 'secondOnsetMs'] = round(now);
      if (shown.has(slot) && !next.has(slot)) t[slot === 0 ? 'firstOffsetMs' : 'secondOffsetMs'] = round(now);
    }
    if (phase.options) t.optionsOnsetMs = round(now);
    shown = next;
    if (phase.durationMs !== null) now += Math.ceil(phase.durationMs / frameMs - 1e-9) * frameMs;
  }
  return t;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** What a simulated participant may know about a trial: where the real photo is. */
export interface TwoAfcTruth {
  realSide: Side;
}

export interface TwoAfcBehaviour {
  /** Probability of picking the fake (answering correctly). */
  pickFake: number;
  /** Response times are log-normal: median and the standard deviation of log(rt). */
  rtMedianMs: number;
  rtLogSd: number;
}

export const twoAfc: TrialType<typeof TwoAfcParamsSchema, typeof TwoAfcDataSchema, TwoAfcTruth, TwoAfcBehaviour> = {
  name: '2afc',
  description: 'A real photo and its colorization; the participant picks the one with fake colours.',
  parameters: TwoAfcParamsSchema,
  data: TwoAfcDataSchema,
  simulate(params, truth, behaviour, random) {
    const fakeSide: Side = truth.realSide === 'left' ? 'right' : 'left';
    const choice = random() < behaviour.pickFake ? fakeSide : truth.realSide;
    const rtMs = Math.round(behaviour.rtMedianMs * Math.exp(behaviour.rtLogSd * randomNormal(random)));
    return { choice, rtMs, timing: nominalTiming(params.presentation) };
  },
};
