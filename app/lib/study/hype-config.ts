/**
 * The `hype` section of a study config: parameters of the single-image protocols of Zhou et
 * al. (2019), "HYPE: A Benchmark for Human eYe Perceptual Evaluation of Generative Models".
 * Both protocols show one image per trial (the real photo or a colorization of it) and ask
 * "real or fake?". The session is: a tutorial with feedback (session.practiceTrials), a
 * qualification block without feedback that a participant must pass to go on, then the test
 * block with its attention checks (session.testTrials, session.attentionRate).
 * - hype-time: each image is shown for an exposure that follows an adaptive staircase
 *   (staircase below; app/lib/hype/staircase.ts), then covered by a mask for maskMs.
 * - hype-infinity: each image stays until the participant answers (no mask).
 */
import { z } from 'zod';
import { staircaseProblems } from '../hype/staircase';
import type { SingleImageProtocol } from './vocabulary';

const ms = (max: number) => z.number().int().min(1).max(max);

export const StaircaseConfigSchema = z.strictObject({
  /** Exposure of the first test trial (and of every tutorial and qualification trial), ms. */
  startMs: ms(10_000).default(500),
  /** Shortest exposure. HYPE's own lower bound is 100 ms (Zhou et al. 2019, §4). */
  minMs: ms(10_000).default(100),
  /** Longest exposure. */
  maxMs: ms(10_000).default(1000),
  /** Step once the staircase has first reversed, ms. Levels lie on startMs + k * stepMs. */
  stepMs: ms(5_000).default(50),
  /** Step until the first reversal (a multiple of stepMs): a quick approach from startMs. */
  initialStepMs: ms(5_000).default(100),
  /** Correct answers in a row that shorten the exposure (an error lengthens it): 3 tracks 79.4% correct (Levitt 1971). */
  down: z.number().int().min(2, 'must be at least 2: a 1-down rule tracks 50% correct, which is chance for "real or fake?"').max(6).default(3),
});
export type StaircaseConfig = z.output<typeof StaircaseConfigSchema>;

export const QualificationConfigSchema = z.strictObject({
  /** Qualification trials (half real photos, half fakes), after the tutorial; 0 = none. */
  trials: z.number().int().min(0).max(100).default(10),
  /**
   * Share of qualification trials a participant must answer correctly to go on to the test
   * block; below it they get the screened-out code and their data are kept, excluded. With
   * 10 trials, 0.7 (7 of 10) lets a random responder through with probability 176/1024 = 0.17
   * and an attentive one who is right 83.5% of the time with probability 0.93 (binomial tails).
   */
  minAccuracy: z.number().min(0).max(1).default(0.7),
  /**
   * Where the qualification's fakes come from. "attention": the generated random-colour
   * versions, so passing does not depend on the methods under test (screening on them would
   * keep the participants who see through those methods best and bias the scores);
   * "methods": colorizations of the methods under test.
   */
  fakes: z.enum(['attention', 'methods']).default('attention'),
});
export type QualificationConfig = z.output<typeof QualificationConfigSchema>;

export const HypeConfigSchema = z.strictObject({
  staircase: StaircaseConfigSchema.prefault({}),
  /**
   * hype-time: how long the pattern mask covers the image's place after the image, ms. It ends
   * the image's visible persistence (iconic memory lasts a few hundred ms, Sperling 1960), so
   * the exposure is what limits viewing. The answer buttons appear when the mask goes.
   */
  maskMs: ms(5_000).default(500),
  qualification: QualificationConfigSchema.prefault({}),
});
export type HypeConfig = z.output<typeof HypeConfigSchema>;

/** Cross-field problems of the `hype` section for a single-image protocol, as "hype.field: message" lines. */
export function hypeConfigProblems(protocol: SingleImageProtocol, hype: HypeConfig): string[] {
  if (protocol !== 'hype-time') return [];
  return staircaseProblems(hype.staircase).map((p) => `hype.staircase.${p}`);
}

/** The exposure of tutorial and qualification trials: the staircase's start (hype-time), unlimited otherwise. */
export function fixedExposureMs(protocol: SingleImageProtocol, hype: HypeConfig): number | null {
  return protocol === 'hype-time' ? hype.staircase.startMs : null;
}

/** Below this many test trials per staircase, thresholds lean towards the start level (simulated with the default staircase: tests in test/app/lib/hype). */
export const STAIRCASE_TRIALS_ADVISED = 80;

/**
 * Things a researcher should know about a single-image config that is valid but weak: the
 * staircases' length. Empty for 2AFC.
 */
export function hypeWarnings(config: { protocol: string; hype: HypeConfig; session: { testTrials: number; assignment: string } }, methods: number): string[] {
  if (config.protocol !== 'hype-time') return [];
  const perStaircase = config.session.assignment === 'mixed' ? Math.floor(config.session.testTrials / Math.max(1, methods)) : config.session.testTrials;
  if (perStaircase >= STAIRCASE_TRIALS_ADVISED) return [];
  return [
    `hype-time: each staircase runs over ${perStaircase} test trials${config.session.assignment === 'mixed' ? ' (its method\'s share of the session)' : ''}; ` +
      `with fewer than about ${STAIRCASE_TRIALS_ADVISED} a staircase has little time to settle and thresholds lean towards startMs (${config.hype.staircase.startMs} ms)`,
  ];
}
