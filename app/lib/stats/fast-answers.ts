/**
 * The fast-answer rule: an answer given sooner after the response options appeared than a
 * person can look at two photos and decide (`minRtMs`, default 200 ms) is "fast". Fast answers
 * are always reported; a participant with more than `maxFastShare` of their test-block answers
 * (test trials and attention checks, which look alike to them) fast is excluded, like a
 * participant below the attention rule, when the study sets the share.
 *
 * 200 ms is about as long as a simple reaction to a light takes, with nothing to decide: an
 * answer that fast to "which photo has fake colours?" was chosen before the options were seen.
 */

export const DEFAULT_MIN_RT_MS = 200;

export interface FastAnswerRule {
  /** answers with a response time below this (ms) are fast */
  minRtMs: number;
  /** exclude when fast / answers is above this share; null: flag only */
  maxFastShare: number | null;
}

export interface FastAnswerRecord {
  /** answers faster than minRtMs */
  fast: number;
  /** answers counted (the participant's test-block answers) */
  answers: number;
  excluded: boolean;
  /** in words: why excluded, or the flag when some answers were fast; null when none was */
  reason: string | null;
}

/**
 * The rule applied to one participant's test-block response times.
 *
 * @example
 * fastAnswers([120, 90, 640, 800], { minRtMs: 200, maxFastShare: 0.25 })
 * // { fast: 2, answers: 4, excluded: true,
 * //   reason: '2 of 4 test answers faster than 200 ms, more than the limit of 25%' }
 */
export function fastAnswers(rtMs: readonly number[], rule: FastAnswerRule): FastAnswerRecord {
  const { minRtMs, maxFastShare } = rule;
  if (!(minRtMs >= 0)) throw new RangeError(`the fastest allowed response time must be >= 0 ms, got ${minRtMs}`);
  if (maxFastShare !== null && !(maxFastShare >= 0 && maxFastShare <= 1)) throw new RangeError(`the largest share of fast answers must be in [0, 1], got ${maxFastShare}`);
  const fast = rtMs.filter((t) => t < minRtMs).length;
  const answers = rtMs.length;
  // A small tolerance so that 1 fast answer of 5 with a limit of 0.2 is at the limit, not above it.
  const excluded = maxFastShare !== null && answers > 0 && fast / answers > maxFastShare + 1e-9;
  const counted = `${fast} of ${answers} test answers faster than ${minRtMs} ms`;
  const reason = excluded ? `${counted}, more than the limit of ${percent(maxFastShare!)}` : fast ? counted : null;
  return { fast, answers, excluded, reason };
}

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** The rule as an exclusion clause for reports: ", or more than 20% of test answers faster than 200 ms"; empty when it excludes nobody. */
export function fastRuleWords(rule: FastAnswerRule | null): string {
  return rule && rule.maxFastShare !== null ? `, or more than ${percent(rule.maxFastShare)} of test answers faster than ${rule.minRtMs} ms` : '';
}
