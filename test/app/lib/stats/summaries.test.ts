import { describe, expect, it } from 'vitest';
import { summariseTimes } from '../../../../app/lib/stats/summarise-times';
import { attentionExclusions } from '../../../../app/lib/stats/attention-exclusions';
import type { TrialRow } from '../../../../app/lib/trials/trial-row';

describe('summariseTimes', () => {
  it('gives the median and the type-7 quartiles', () => {
    // Sorted 400, 500, 600, 900: q1 at position 0.75 -> 475, median 550, q3 at 2.25 -> 675 (numpy.percentile).
    expect(summariseTimes([900, 400, 600, 500])).toEqual({ n: 4, median: 550, q1: 475, q3: 675, iqr: 200 });
    expect(summariseTimes([])).toEqual({ n: 0, median: null, q1: null, q3: null, iqr: null });
  });
});

describe('attentionExclusions', () => {
  const row = (participant: string, kind: TrialRow['kind'], correct: boolean) => ({ participant, kind, correct }) as TrialRow;

  it('excludes participants below the threshold, keeps and flags those without checks', () => {
    const rows = [
      ...[true, true, true, false].map((c) => row('b', 'attention', c)), // 0.75: kept (not below)
      ...[true, false, false, true].map((c) => row('a', 'attention', c)), // 0.5: excluded
      row('c', 'test', false),
      row('a', 'test', true),
    ];
    const q = attentionExclusions(rows, 0.75);
    expect(q.map((x) => [x.participant, x.attentionCorrect, x.attentionTrials, x.excluded])).toEqual([
      ['a', 2, 4, true],
      ['b', 3, 4, false],
      ['c', 0, 0, false],
    ]);
    expect(q[0].reason).toBe('attention checks 2/4 correct, below the threshold 0.75');
    expect(q[2].reason).toBe('no attention trials (kept)');
    expect(q[2].attentionAccuracy).toBeNull();
    expect(attentionExclusions(rows, 0.5).every((x) => !x.excluded)).toBe(true);
    expect(() => attentionExclusions(rows, 1.5)).toThrow(/\[0, 1\]/);
  });
});
