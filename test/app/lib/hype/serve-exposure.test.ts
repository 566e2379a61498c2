import { describe, expect, it } from 'vitest';
import { staircaseExposureFor, staircaseMethodOf, type StaircaseTrial } from '../../../../app/lib/hype/serve-exposure';
import { nextExposure } from '../../../../app/lib/hype/staircase';

const params = { startMs: 500, minMs: 100, maxMs: 1000, stepMs: 50, initialStepMs: 100, down: 3 };

// Two interleaved staircases (methods a and b) with an attention check among them.
const trials: StaircaseTrial[] = [
  { index: 0, kind: 'tutorial', methodId: 'a', correct: true },
  { index: 1, kind: 'test', methodId: 'a', correct: true },
  { index: 2, kind: 'test', methodId: 'b', correct: false },
  { index: 3, kind: 'test', methodId: 'a', correct: true },
  { index: 4, kind: 'attention', methodId: 'att', correct: false },
  { index: 5, kind: 'test', methodId: 'a', correct: true },
  { index: 6, kind: 'test', methodId: 'b', correct: null },
  { index: 7, kind: 'test', methodId: 'a', correct: null },
  { index: 8, kind: 'test', methodId: 'b', correct: null },
];

describe('staircaseExposureFor', () => {
  it("runs each method's staircase over its own test trials only", () => {
    // a: three right (1, 3, 5) -> 400; b: one wrong (2) -> 600. The tutorial and the attention check do not count.
    expect(staircaseExposureFor(params, trials, 7)).toBe(400);
    expect(staircaseExposureFor(params, trials, 6)).toBe(600);
    expect(staircaseExposureFor(params, trials, 1)).toBe(500);
    expect(nextExposure(params, [true, true, true])).toBe(400);
  });

  it('shows an attention check at the level of the staircase before it', () => {
    expect(staircaseMethodOf(trials, 4)).toBe('a');
    expect(staircaseExposureFor(params, trials, 4)).toBe(500);
  });

  it('waits while an earlier trial of the same staircase is unanswered, and ignores trials outside the test block', () => {
    expect(staircaseExposureFor(params, trials, 8)).toBeNull();
    expect(staircaseExposureFor(params, trials, 0)).toBeNull();
  });
});
