/**
 * The single-image trial of the HYPE protocols (Zhou et al. 2019): one image, the real photo
 * or a colorization of it; the participant answers "real" or "fake". The trial is given one
 * opaque image URL; whether it is real is never part of its parameters.
 *
 * Presentation: with an exposure (hype-time), the image for exposureMs, then a pattern mask
 * in its place for maskMs, then the answer buttons; without one (hype-infinity, exposureMs
 * null), the image and the buttons together until the answer. Times are measured in the
 * browser with requestAnimationFrame, as for 2AFC: the timestamp of the frame in which the
 * image (or the mask, or the buttons) became visible or hidden, in ms after the trial started.
 * The image's onset and offset use the trial-row columns firstOnsetMs and firstOffsetMs, so
 * the achieved exposure of a trial is firstOffsetMs - firstOnsetMs.
 */
import { z } from 'zod';
import { randomNormal } from '../random';
import { SINGLE_IMAGE_CHOICES, type SingleImageChoice } from '../study/vocabulary';
import type { TrialType } from './trial-type';
import { MAX_RT_MS } from './two-afc';

export const SingleImageParamsSchema = z.strictObject({
  /** Opaque URL of the image. */
  image: z.string(),
  /** Display time of the image; null: it stays until the answer. */
  exposureMs: z.number().int().min(1).nullable(),
  /** Pattern mask after the image (only with an exposure). */
  maskMs: z.number().int().min(0),
  /** Tutorial trials tell the participant after answering whether they were right. */
  feedback: z.boolean(),
});
export type SingleImageParams = z.output<typeof SingleImageParamsSchema>;

const ms = z.number().min(0).max(3_600_000).nullable();

/** Display timing of a single-image trial (image columns named as in the trial row). */
export const SingleImageTimingSchema = z.strictObject({
  firstOnsetMs: ms,
  firstOffsetMs: ms,
  maskOnsetMs: ms,
  maskOffsetMs: ms,
  optionsOnsetMs: ms,
  /** Median frame interval measured during the trial. */
  frameMs: z.number().min(0).max(1000).nullable().optional(),
});
export type SingleImageTiming = z.output<typeof SingleImageTimingSchema>;

export const SingleImageDataSchema = z.strictObject({
  choice: z.enum(SINGLE_IMAGE_CHOICES),
  /** Response time in ms from the onset of the answer buttons (at most a day). */
  rtMs: z.number().min(0).max(MAX_RT_MS),
  timing: SingleImageTimingSchema,
});
export type SingleImageData = z.output<typeof SingleImageDataSchema>;

/** One step of the display: what is visible, for how long (null: until the answer). */
export interface SingleImagePhase {
  image: boolean;
  mask: boolean;
  options: boolean;
  durationMs: number | null;
}

export function singleImageSchedule(p: Pick<SingleImageParams, 'exposureMs' | 'maskMs'>): SingleImagePhase[] {
  if (p.exposureMs === null) return [{ image: true, mask: false, options: true, durationMs: null }];
  return [
    { image: true, mask: false, options: false, durationMs: p.exposureMs },
    ...(p.maskMs > 0 ? [{ image: false, mask: true, options: false, durationMs: p.maskMs }] : []),
    { image: false, mask: false, options: true, durationMs: null },
  ];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The timing record of a perfect display (each step whole frames of frameMs, rounded up). */
export function nominalSingleImageTiming(p: Pick<SingleImageParams, 'exposureMs' | 'maskMs'>, frameMs = 1000 / 60): SingleImageTiming {
  const t: SingleImageTiming = { firstOnsetMs: null, firstOffsetMs: null, maskOnsetMs: null, maskOffsetMs: null, optionsOnsetMs: null, frameMs };
  let now = frameMs;
  let image = false;
  let mask = false;
  for (const phase of singleImageSchedule(p)) {
    if (phase.image && !image) t.firstOnsetMs = round(now);
    if (!phase.image && image) t.firstOffsetMs = round(now);
    if (phase.mask && !mask) t.maskOnsetMs = round(now);
    if (!phase.mask && mask) t.maskOffsetMs = round(now);
    if (phase.options) t.optionsOnsetMs = round(now);
    image = phase.image;
    mask = phase.mask;
    if (phase.durationMs !== null) now += Math.ceil(phase.durationMs / frameMs - 1e-9) * frameMs;
  }
  return t;
}

/** Whether an answer is right: "real" for the real photo, "fake" for a colorization. */
export function isCorrectAnswer(choice: SingleImageChoice, showsReal: boolean): boolean {
  return (choice === 'real') === showsReal;
}

/** What a simulated participant may know about a trial: whether the image is the real photo. */
export interface SingleImageTruth {
  showsReal: boolean;
}

export interface SingleImageBehaviour {
  /** Probability of answering correctly at this trial's exposure (see app/lib/hype/psychometric.ts). */
  correctProbability: (exposureMs: number | null, showsReal: boolean) => number;
  rtMedianMs: number;
  rtLogSd: number;
}

export const singleImage: TrialType<typeof SingleImageParamsSchema, typeof SingleImageDataSchema, SingleImageTruth, SingleImageBehaviour> = {
  name: 'single-image',
  description: 'One image, the real photo or a colorization; the participant answers "real" or "fake".',
  parameters: SingleImageParamsSchema,
  data: SingleImageDataSchema,
  simulate(params, truth, behaviour, random) {
    const right = random() < behaviour.correctProbability(params.exposureMs, truth.showsReal);
    const saysReal = right === truth.showsReal;
    const rtMs = Math.round(behaviour.rtMedianMs * Math.exp(behaviour.rtLogSd * randomNormal(random)));
    return { choice: saysReal ? 'real' : 'fake', rtMs, timing: nominalSingleImageTiming(params) };
  },
};
