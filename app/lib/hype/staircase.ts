/**
 * The adaptive staircase of HYPE_time. Zhou et al. (2019), "HYPE: A Benchmark for Human eYe
 * Perceptual Evaluation of Generative Models", NeurIPS, §3.1 and Fig. 3: each participant
 * sees single images at an exposure time that adapts to their answers, "decreasing when
 * correct and increasing when incorrect"; "the modal exposure measures their perceptual
 * threshold". The paper builds on the psychophysics of staircases (its refs. [28, 11]:
 * Levitt 1971, "Transformed up-down methods in psychoacoustics", and Cornsweet 1962, "The
 * staircase-method in psychophysics").
 *
 * Choices made here, and why:
 * - Rule: Levitt's transformed up-down, `down` consecutive correct answers shorten the
 *   exposure by one step, every error lengthens it by one step. A plain 1-down/1-up rule
 *   tracks 50% correct, which in a two-choice real/fake task is chance: the staircase would
 *   sink to the shortest exposure for any method people beat chance on at all. With
 *   `down` = n it tracks the exposure at which P(correct)^n = 1/2 (Levitt 1971, Table I):
 *   2 -> 70.7%, 3 -> 79.4% (the default), 4 -> 84.1%. See targetAccuracy().
 * - Steps: linear in milliseconds (HYPE reports thresholds in ms), a larger `initialStepMs`
 *   until the first reversal so the staircase reaches the threshold region quickly from its
 *   start, then `stepMs`. Levels stay on the grid startMs + k * stepMs, clamped to
 *   [minMs, maxMs] (the config requires start, bounds and initial step on that grid), so the
 *   mode of the levels is well defined.
 * - Reversal: a change of level in the direction opposite to the previous change. Levels
 *   are what was shown, so the same definition applies to a recorded staircase (a trials
 *   file) as to the running one; a step that a bound kept from happening is no change.
 * - Threshold ("converges"): the mode of the exposures of the trials shown after the first
 *   reversal (the approach from the start level is left out, as it says more about the start
 *   than the participant); ties between levels are resolved by their mean. Without any
 *   reversal every trial counts and the staircase is reported as not converged. Levitt's
 *   own estimate, the mean of the levels at the reversals (first one dropped, an even number
 *   kept), is given beside it for comparison.
 */

export interface StaircaseParams {
  /** Exposure of the first trial, ms. */
  startMs: number;
  minMs: number;
  maxMs: number;
  /** Step after the first reversal, ms. */
  stepMs: number;
  /** Step before the first reversal, ms (a multiple of stepMs). */
  initialStepMs: number;
  /** Consecutive correct answers that shorten the exposure by one step (>= 2). */
  down: number;
}

export type Direction = 'down' | 'up';

export interface StaircaseTrace {
  /** exposures[i] is trial i's exposure; one entry more than answers: the last is the next trial's. */
  exposures: number[];
  /** The trials whose answer reversed the direction of the level, in order. */
  reversals: number[];
}

/** A parameter set that cannot run (off-grid levels, a 1-down rule, bounds the wrong way round). */
export class StaircaseParamsError extends Error {}

/** Problems with a parameter set, as "field: message" lines; empty when it can run. */
export function staircaseProblems(p: StaircaseParams): string[] {
  const problems: string[] = [];
  const whole = (name: keyof StaircaseParams, min: number) => {
    if (!Number.isInteger(p[name]) || p[name] < min) problems.push(`${name}: must be a whole number >= ${min}, got ${p[name]}`);
  };
  whole('minMs', 1);
  whole('maxMs', 1);
  whole('startMs', 1);
  whole('stepMs', 1);
  whole('initialStepMs', 1);
  whole('down', 2);
  if (problems.length) return problems;
  if (p.minMs >= p.maxMs) problems.push(`minMs (${p.minMs}) must be below maxMs (${p.maxMs})`);
  if (p.startMs < p.minMs || p.startMs > p.maxMs) problems.push(`startMs (${p.startMs}) must lie between minMs and maxMs`);
  if ((p.maxMs - p.minMs) % p.stepMs !== 0) problems.push(`maxMs - minMs (${p.maxMs - p.minMs}) must be a multiple of stepMs (${p.stepMs}) so the levels form one grid`);
  if ((p.startMs - p.minMs) % p.stepMs !== 0) problems.push(`startMs - minMs (${p.startMs - p.minMs}) must be a multiple of stepMs (${p.stepMs})`);
  if (p.initialStepMs % p.stepMs !== 0) problems.push(`initialStepMs (${p.initialStepMs}) must be a multiple of stepMs (${p.stepMs})`);
  return problems;
}

/**
 * The accuracy the rule converges to: P(correct)^down = 1/2 (Levitt 1971, Table I).
 * @example targetAccuracy(3) // 0.7937
 */
export function targetAccuracy(down: number): number {
  return 0.5 ** (1 / down);
}

/** The staircase through a sequence of answers (true = correct), from the start level. */
export function runStaircase(p: StaircaseParams, correct: readonly boolean[]): StaircaseTrace {
  const problems = staircaseProblems(p);
  if (problems.length) throw new StaircaseParamsError(`the staircase parameters cannot run: ${problems.join('; ')}`);
  let level = p.startMs;
  let run = 0;
  let last: Direction | null = null;
  const exposures = [level];
  const reversals: number[] = [];
  correct.forEach((ok, i) => {
    let move: Direction | null = null;
    if (!ok) {
      run = 0;
      move = 'up';
    } else if (++run >= p.down) {
      run = 0;
      move = 'down';
    }
    if (move) {
      const reverses = last !== null && move !== last;
      // The big step only brings the staircase to the threshold region: from its first reversal on, the fine one.
      const step = reversals.length > 0 || reverses ? p.stepMs : p.initialStepMs;
      const next = Math.min(p.maxMs, Math.max(p.minMs, level + (move === 'down' ? -step : step)));
      if (next !== level) {
        if (reverses) reversals.push(i);
        last = move;
        level = next;
      }
    }
    exposures.push(level);
  });
  return { exposures, reversals };
}

/** The exposure of the next trial after these answers. */
export function nextExposure(p: StaircaseParams, correct: readonly boolean[]): number {
  const { exposures } = runStaircase(p, correct);
  return exposures[exposures.length - 1];
}

/**
 * The reversals of a shown sequence of levels: trial i is one when the change from level i to
 * level i + 1 goes the other way from the previous change (the same definition as runStaircase).
 */
export function reversalsOf(exposures: readonly number[]): number[] {
  const out: number[] = [];
  let last = 0;
  for (let i = 0; i + 1 < exposures.length; i++) {
    const change = Math.sign(exposures[i + 1] - exposures[i]);
    if (change === 0) continue;
    if (last !== 0 && change !== last) out.push(i);
    last = change;
  }
  return out;
}

/**
 * The most frequent value, each counted with its weight (1 when no weights are given); a tie
 * between values gives their mean. Null when nothing has positive weight.
 * @example weightedMode([300, 350, 350, 400]) // 350
 */
export function weightedMode(values: readonly number[], weights?: readonly number[]): number | null {
  const tally = new Map<number, number>();
  values.forEach((v, i) => {
    const w = weights ? weights[i] : 1;
    if (w > 0) tally.set(v, (tally.get(v) ?? 0) + w);
  });
  if (tally.size === 0) return null;
  const top = Math.max(...tally.values());
  const tied = [...tally].filter(([, w]) => w === top).map(([v]) => v);
  return tied.reduce((s, v) => s + v, 0) / tied.length;
}

export interface StaircaseSummary {
  /** HYPE's perceptual threshold: the modal exposure of the counted trials (see the module comment); null without trials. */
  thresholdMs: number | null;
  /** The first trial the mode counts: the one after the first reversal, or 0 without one. */
  countedFrom: number;
  /** Trials the mode was taken over. */
  counted: number;
  reversals: number;
  /** At least one reversal: the staircase turned round the participant's threshold at least once. */
  converged: boolean;
  /** Levitt's estimate: mean level at the reversals after the first, an even number of them; null with fewer than 2. */
  reversalMeanMs: number | null;
}

/** Threshold and convergence of a staircase from the exposures it showed, in order. */
export function summariseExposures(exposures: readonly number[]): StaircaseSummary {
  const reversals = reversalsOf(exposures);
  const from = reversals.length ? reversals[0] + 1 : 0;
  const counted = exposures.slice(from);
  const later = reversals.slice(1);
  const even = later.slice(later.length % 2);
  return {
    thresholdMs: weightedMode(counted),
    countedFrom: from,
    counted: counted.length,
    reversals: reversals.length,
    converged: reversals.length > 0,
    reversalMeanMs: even.length >= 2 ? even.reduce((s, i) => s + exposures[i], 0) / even.length : null,
  };
}
