/**
 * Which exposure a hype-time trial gets when it is served. Each method a session tests has
 * its own staircase (app/lib/hype/staircase.ts), run over that method's test trials in the
 * order shown, real photos and fakes alike; with mixed assignment the staircases interleave.
 * An attention check is shown at the current level of the staircase of the nearest test trial
 * before it (after it when it comes first), so its exposure gives nothing away, and its answer
 * moves no staircase. Tutorial and qualification trials have a fixed exposure from the plan.
 */
import { nextExposure, type StaircaseParams } from './staircase';

export interface StaircaseTrial {
  index: number;
  kind: string;
  methodId: string;
  /** Whether the stored answer was right; null while unanswered. */
  correct: boolean | null;
}

/** The method whose staircase sets trial `index`'s exposure; null for trials outside the test block. */
export function staircaseMethodOf(trials: readonly StaircaseTrial[], index: number): string | null {
  const trial = trials.find((t) => t.index === index);
  if (!trial) return null;
  if (trial.kind === 'test') return trial.methodId;
  if (trial.kind !== 'attention') return null;
  const tests = trials.filter((t) => t.kind === 'test');
  const before = tests.filter((t) => t.index < index).at(-1);
  return (before ?? tests.find((t) => t.index > index))?.methodId ?? null;
}

/**
 * The exposure the staircase gives trial `index` from the answers before it, or null when it
 * cannot be decided yet (an earlier trial of its staircase is unanswered: the trial was
 * fetched ahead) or the trial has no staircase.
 */
export function staircaseExposureFor(params: StaircaseParams, trials: readonly StaircaseTrial[], index: number): number | null {
  const method = staircaseMethodOf(trials, index);
  if (method === null) return null;
  const history = trials.filter((t) => t.kind === 'test' && t.methodId === method && t.index < index).sort((a, b) => a.index - b.index);
  if (history.some((t) => t.correct === null)) return null;
  return nextExposure(
    params,
    history.map((t) => t.correct!),
  );
}
