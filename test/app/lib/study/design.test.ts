import { describe, expect, it } from 'vitest';
import { StudyConfigSchema } from '../../../../app/lib/study/config';
import { balancedSessionCount, sessionTrialCounts } from '../../../../app/lib/study/design';

/**
 * A second method: deal photos to sessions in order (wrapping round) and count sessions
 * until every (photo, method) pair has been shown equally often.
 */
function bySimulation(assignment: 'one-method' | 'mixed', images: number, methods: number, testTrials: number): number {
  const pairs = assignment === 'one-method' ? images : images * methods;
  const seen = new Array(pairs).fill(0);
  let next = 0;
  for (let sessions = 1; sessions <= 100_000; sessions++) {
    for (let t = 0; t < testTrials; t++) seen[next++ % pairs]++;
    if (seen.every((c) => c === seen[0])) return assignment === 'one-method' ? sessions * methods : sessions;
  }
  throw new Error('no balance');
}

describe('balancedSessionCount', () => {
  it('matches dealing photos to sessions until every pair is judged equally often', () => {
    for (const [images, methods, tests] of [[24, 2, 8], [13, 2, 8], [100, 3, 40], [54, 1, 40], [30, 4, 12], [7, 5, 3]]) {
      for (const assignment of ['one-method', 'mixed'] as const) {
        expect(balancedSessionCount(assignment, images, methods, tests), `${assignment} ${images} ${methods} ${tests}`).toBe(
          bySimulation(assignment, images, methods, tests),
        );
      }
    }
  });

  it('gives the hand-computed counts', () => {
    // 3 sessions of 8 cover 24 photos once, for each of 2 methods.
    expect(balancedSessionCount('one-method', 24, 2, 8)).toBe(6);
    // Zhang's sessions of 40 on 100 photos: lcm(100, 40) / 40 = 5 per method.
    expect(balancedSessionCount('one-method', 100, 3, 40)).toBe(15);
    // mixed: 24 photos x 2 methods = 48 pairs, 8 per session.
    expect(balancedSessionCount('mixed', 24, 2, 8)).toBe(6);
    expect(() => balancedSessionCount('mixed', 0, 2, 8)).toThrow('positive counts');
  });
});

describe('sessionTrialCounts', () => {
  it('adds attention checks at the configured share of the test block (Zhang: 40 tests, 10% -> 4 checks)', () => {
    const config = StudyConfigSchema.parse({ id: 'x', name: 'x', realDir: 'r', methods: [{ name: 'm', dir: 'm' }] });
    expect(sessionTrialCounts(config)).toEqual({ practice: 10, qualification: 0, test: 40, attention: 4, total: 54 });
  });
});
