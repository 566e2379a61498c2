/**
 * One line per participant, excluded ones included: their attention record and exclusion
 * (from participantExclusions, whose order is kept), the methods they tested, their own fooling
 * rate and median response time over their test trials.
 */
import type { TrialRow } from '../trials/trial-row';
import type { ParticipantExclusion } from './participant-exclusions';
import { compareText } from './compare-text';
import type { ParticipantBreakdown } from './study-analysis';
import { summariseTimes } from './summarise-times';

export function participantBreakdown(rows: readonly TrialRow[], quality: readonly ParticipantExclusion[]): ParticipantBreakdown[] {
  const groups = new Map<string, TrialRow[]>();
  for (const r of rows) {
    const list = groups.get(r.participant) ?? [];
    list.push(r);
    groups.set(r.participant, list);
  }
  return quality.map((q) => {
    const own = groups.get(q.participant)!; // quality was computed from the same rows
    const test = own.filter((r) => r.kind === 'test');
    const fooled = test.filter((r) => r.fooled).length;
    return {
      ...q,
      session: own[0].session,
      methods: [...new Set(test.map((r) => r.method))].sort(compareText),
      testTrials: test.length,
      fooled,
      foolingRate: test.length ? fooled / test.length : null,
      medianRtMs: summariseTimes(test.map((r) => r.rtMs)).median,
    };
  });
}
