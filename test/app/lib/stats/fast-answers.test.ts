// The fast-answer rule and its combination with the attention rule (hand-counted values).
import { describe, expect, it } from 'vitest';
import { fastAnswers } from '../../../../app/lib/stats/fast-answers';
import { exclusionSummary, participantExclusions } from '../../../../app/lib/stats/participant-exclusions';
import { afcRow } from '../trials/rows';

describe('fastAnswers', () => {
  it('counts answers below minRtMs and excludes above the share, as the doc comment says', () => {
    expect(fastAnswers([120, 90, 640, 800], { minRtMs: 200, maxFastShare: 0.25 })).toEqual({
      fast: 2,
      answers: 4,
      excluded: true,
      reason: '2 of 4 test answers faster than 200 ms, more than the limit of 25%',
    });
    // Exactly at the limit is allowed: 1 of 5 with a limit of 20% (0.2 * 5 is not exactly 1 in floating point).
    expect(fastAnswers([100, 300, 300, 300, 300], { minRtMs: 200, maxFastShare: 0.2 }).excluded).toBe(false);
    // 200 ms itself is not fast.
    expect(fastAnswers([200, 199.9], { minRtMs: 200, maxFastShare: null })).toEqual({ fast: 1, answers: 2, excluded: false, reason: '1 of 2 test answers faster than 200 ms' });
    expect(fastAnswers([], { minRtMs: 200, maxFastShare: 0 })).toEqual({ fast: 0, answers: 0, excluded: false, reason: null });
    expect(() => fastAnswers([1], { minRtMs: 200, maxFastShare: 1.5 })).toThrow(RangeError);
  });
});

describe('participantExclusions', () => {
  // p1: 4 tests (2 fast) + 2 attention checks right; p2: 4 tests + 2 checks, 1 wrong; p3: practice only.
  const rows = [
    ...[150, 120, 900, 800].map((rtMs, i) => afcRow({ participant: 'p1', session: 0, trialIndex: i, rtMs })),
    afcRow({ participant: 'p1', session: 0, trialIndex: 4, kind: 'attention', method: 'random' }),
    afcRow({ participant: 'p1', session: 0, trialIndex: 5, kind: 'attention', method: 'random' }),
    ...[700, 650, 900, 800].map((rtMs, i) => afcRow({ participant: 'p2', session: 1, trialIndex: i, rtMs })),
    afcRow({ participant: 'p2', session: 1, trialIndex: 4, kind: 'attention', method: 'random' }),
    afcRow({ participant: 'p2', session: 1, trialIndex: 5, kind: 'attention', method: 'random', fooled: true }),
    afcRow({ participant: 'p3', session: 2, trialIndex: 0, kind: 'practice', rtMs: 10 }),
  ];

  it('applies both rules and names every reason', () => {
    const q = participantExclusions(rows, { attentionThreshold: 0.75, fast: { minRtMs: 200, maxFastShare: 0.25 } });
    expect(q.map((p) => [p.participant, p.excluded, p.excludedBy, p.fastAnswers, p.testBlockAnswers])).toEqual([
      ['p1', true, ['fast'], 2, 6],
      ['p2', true, ['attention'], 0, 6],
      // A practice answer is not in the test block: not fast, not counted.
      ['p3', false, [], 0, 0],
    ]);
    expect(q[0].reason).toBe('2 of 6 test answers faster than 200 ms, more than the limit of 25%');
    expect(q[1].reason).toBe('attention checks 1/2 correct, below the threshold 0.75');
    const summary = exclusionSummary(q, { attentionThreshold: 0.75, fast: { minRtMs: 200, maxFastShare: 0.25 } });
    expect(summary.rules).toBe('by the attention rule (accuracy below 0.75) or the fast-answer rule (more than 25% of their test answers faster than 200 ms)');
    expect(summary.note(1)).toBe(
      'Analysed 1 of 3 participants: 2 excluded (1 for attention-check accuracy below 0.75; 1 for more than 25% of their test answers faster than 200 ms).',
    );
  });

  it('only flags fast answers when the study sets no share, and applies no fast rule without one', () => {
    const flagged = participantExclusions(rows, { attentionThreshold: 0.5, fast: { minRtMs: 200, maxFastShare: null } });
    expect(flagged[0]).toMatchObject({ excluded: false, fastAnswers: 2, reason: '2 of 6 test answers faster than 200 ms' });
    const none = participantExclusions(rows, { attentionThreshold: 0.5, fast: null });
    expect(none[0]).toMatchObject({ excluded: false, fastAnswers: 0, reason: null });
    expect(exclusionSummary(none, { attentionThreshold: 0.5, fast: null }).note(3)).toBe('Analysed all 3 participants: none was excluded by the attention rule (accuracy below 0.5).');
  });
});
