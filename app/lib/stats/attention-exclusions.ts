/**
 * The attention rule: a participant whose accuracy on attention trials (ground truth against
 * an obviously wrong colorization; "correct" = picked the wrong one as fake) is below the
 * threshold is excluded from the analysis. Participants who saw no attention trial are kept,
 * and flagged.
 *
 * The default threshold, 0.75, excludes anyone who misses more than a quarter of the checks.
 * With Zhang et al.'s design (about 10% checks: 4 per 40 trials) a participant answering at
 * random passes (3 or 4 of 4 right) with probability 5/16 = 0.31, while one who spots random
 * colours at Zhang's average rate of 87% passes with probability
 * 0.87⁴ + 4 · 0.87³ · 0.13 = 0.92. A lower threshold such as 0.5 would keep 69% of random
 * responders; a threshold of 1 would drop a quarter of attentive ones.
 */
import type { TrialRow } from '../trials/trial-row';
import { compareText } from './compare-text';

export const DEFAULT_ATTENTION_THRESHOLD = 0.75;

export interface ParticipantQuality {
  participant: string;
  attentionTrials: number;
  attentionCorrect: number;
  /** attentionCorrect / attentionTrials; null without attention trials */
  attentionAccuracy: number | null;
  excluded: boolean;
  /** Why the participant was excluded (or flagged), in words; null when kept without remark. */
  reason: string | null;
}

/** One entry per participant in `rows`, sorted by participant id. */
export function attentionExclusions(rows: readonly TrialRow[], threshold = DEFAULT_ATTENTION_THRESHOLD): ParticipantQuality[] {
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`the attention threshold must be in [0, 1], got ${threshold}`);
  const tally = new Map<string, { trials: number; correct: number }>();
  for (const row of rows) {
    const t = tally.get(row.participant) ?? { trials: 0, correct: 0 };
    if (row.kind === 'attention') {
      t.trials++;
      if (row.correct) t.correct++;
    }
    tally.set(row.participant, t);
  }
  return [...tally.keys()].sort(compareText).map((participant) => {
    const { trials, correct } = tally.get(participant)!;
    if (trials === 0) {
      return { participant, attentionTrials: 0, attentionCorrect: 0, attentionAccuracy: null, excluded: false, reason: 'no attention trials (kept)' };
    }
    const accuracy = correct / trials;
    const excluded = accuracy < threshold;
    return {
      participant,
      attentionTrials: trials,
      attentionCorrect: correct,
      attentionAccuracy: accuracy,
      excluded,
      reason: excluded ? `attention checks ${correct}/${trials} correct, below the threshold ${threshold}` : null,
    };
  });
}

