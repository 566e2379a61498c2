// The results page's glue: nothing to analyse comes back as a sentence, and when the rules
// excluded everyone, with who was excluded and why.
import { describe, expect, it } from 'vitest';
import { analyseRows } from '../../../../app/lib/results/analysis';
import { afcRow } from '../trials/rows';

const options = { attentionThreshold: 1, fastRule: { minRtMs: 200, maxFastShare: 0.5 }, methods: ['zhang'], seed: 1, resamples: 100 };

describe('analyseRows', () => {
  it('lists who was excluded and why when the rules exclude everyone', () => {
    const rows = [
      afcRow({ participant: 'pa', session: 3, trialIndex: 0 }),
      afcRow({ participant: 'pa', session: 3, trialIndex: 1, kind: 'attention', method: 'random', fooled: true }),
      afcRow({ participant: 'pb', session: 5, trialIndex: 0, rtMs: 40 }),
      afcRow({ participant: 'pb', session: 5, trialIndex: 1, rtMs: 30 }),
    ];
    const outcome = analyseRows(rows, options);
    expect('empty' in outcome && outcome.empty).toBe(
      'All 2 participants were excluded by the attention rule (accuracy below 1) or the fast-answer rule (more than 50% of their test answers faster than 200 ms); nothing is left to analyse (check the attention trials, or relax the rules).',
    );
    expect('excluded' in outcome && outcome.excluded).toEqual([
      { participant: 'pa', session: 3, reason: 'attention checks 0/1 correct, below the threshold 1' },
      { participant: 'pb', session: 5, reason: 'no attention trials; 2 of 2 test answers faster than 200 ms, more than the limit of 50%' },
    ]);
  });

  it('has no one to list when there is simply nothing yet', () => {
    expect(analyseRows([], options)).toEqual({ empty: 'No answers yet: the figures appear here as soon as participants answer test trials.', excluded: [] });
  });
});
