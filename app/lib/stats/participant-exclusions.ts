/**
 * Who is excluded from the analysis, and why: the attention rule (attention-exclusions.ts)
 * and the fast-answer rule (fast-answers.ts) applied together, one entry per participant of
 * `rows`, in attentionExclusions' order. A participant is excluded when either rule excludes
 * them; the reason names every rule that did (or, for a kept participant, what was flagged).
 * The same rules decide approve and reject on the Participants page
 * (app/lib/recruitment/reconciliation.ts).
 */
import type { TrialRow } from '../trials/trial-row';
import { attentionExclusions, type ParticipantQuality } from './attention-exclusions';
import { fastAnswers, type FastAnswerRule } from './fast-answers';

export interface ExclusionRules {
  /** attention accuracy below which a participant is excluded */
  attentionThreshold: number;
  /** the fast-answer rule; null: not applied (e.g. a trials file without a study config) */
  fast: FastAnswerRule | null;
}

export interface ParticipantExclusion extends ParticipantQuality {
  /** test-block answers (test trials and attention checks) */
  testBlockAnswers: number;
  /** of those, faster than the rule's minRtMs (0 without the rule) */
  fastAnswers: number;
  /** the rules that exclude the participant */
  excludedBy: ('attention' | 'fast')[];
}

const inTestBlock = (r: TrialRow) => r.kind === 'test' || r.kind === 'attention';

export function participantExclusions(rows: readonly TrialRow[], rules: ExclusionRules): ParticipantExclusion[] {
  const times = new Map<string, number[]>();
  for (const r of rows) {
    const list = times.get(r.participant) ?? [];
    if (inTestBlock(r)) list.push(r.rtMs);
    times.set(r.participant, list);
  }
  return attentionExclusions(rows, rules.attentionThreshold).map((q) => {
    const rts = times.get(q.participant) ?? [];
    const fast = rules.fast ? fastAnswers(rts, rules.fast) : null;
    const excludedBy: ParticipantExclusion['excludedBy'] = [];
    if (q.excluded) excludedBy.push('attention');
    if (fast?.excluded) excludedBy.push('fast');
    // attentionExclusions says "(kept)" of a participant without checks; not when another rule excludes them.
    const attentionReason = q.attentionTrials === 0 && excludedBy.length ? 'no attention trials' : q.reason;
    const reasons = [attentionReason, fast?.reason ?? null].filter((r): r is string => r !== null);
    return {
      ...q,
      excluded: excludedBy.length > 0,
      reason: reasons.length ? reasons.join('; ') : null,
      testBlockAnswers: rts.length,
      fastAnswers: fast?.fast ?? 0,
      excludedBy,
    };
  });
}

const share = (s: number) => `${Math.round(s * 1000) / 10}%`;

/** The rules in words, and the analysis note on who was excluded by which (used by both analyses). */
export function exclusionSummary(quality: readonly ParticipantExclusion[], rules: ExclusionRules): { rules: string; note: (kept: number) => string } {
  const attention = `the attention rule (accuracy below ${rules.attentionThreshold})`;
  const fastRule = rules.fast && rules.fast.maxFastShare !== null ? rules.fast : null;
  const fastWords = fastRule && `more than ${share(fastRule.maxFastShare!)} of their test answers faster than ${fastRule.minRtMs} ms`;
  const byAttention = quality.filter((q) => q.excludedBy.includes('attention')).length;
  const byFast = quality.filter((q) => q.excludedBy.includes('fast')).length;
  const excluded = quality.filter((q) => q.excluded).length;
  return {
    rules: fastRule ? `by ${attention} or the fast-answer rule (${fastWords})` : `by ${attention}`,
    note: (kept) => {
      if (excluded === 0) {
        return `Analysed all ${kept} participants: none was excluded by ${attention}${fastRule ? ` or the fast-answer rule (${fastWords})` : ''}.`;
      }
      const head = `Analysed ${kept} of ${quality.length} participants: ${excluded} excluded`;
      if (byFast === 0) return `${head} for attention-check accuracy below ${rules.attentionThreshold}.`;
      const parts = [byAttention ? `${byAttention} for attention-check accuracy below ${rules.attentionThreshold}` : '', `${byFast} for ${fastWords}`].filter(Boolean);
      return `${head} (${parts.join('; ')}).`;
    },
  };
}
