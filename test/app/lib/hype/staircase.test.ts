import { describe, expect, it } from 'vitest';
import { psychometric } from '../../../../app/lib/hype/psychometric';
import {
  nextExposure,
  reversalsOf,
  runStaircase,
  StaircaseParamsError,
  staircaseProblems,
  summariseExposures,
  targetAccuracy,
  weightedMode,
  type StaircaseParams,
} from '../../../../app/lib/hype/staircase';
import { deriveSeed, seededRandom } from '../../../../app/lib/random';

const params: StaircaseParams = { startMs: 500, minMs: 100, maxMs: 1000, stepMs: 50, initialStepMs: 100, down: 3 };
const T = true;
const F = false;

describe('runStaircase', () => {
  it('steps down after three correct answers and up after an error, with the big step until the first reversal (traced by hand)', () => {
    // 500 x3 -> (3 right) 400 x3 -> (3 right) 300 -> (wrong: reversal, fine step) 350 x3 -> (3 right) 300 -> (wrong) 350
    const answers = [T, T, T, T, T, T, F, T, T, T, F];
    const trace = runStaircase(params, answers);
    expect(trace.exposures).toEqual([500, 500, 500, 400, 400, 400, 300, 350, 350, 350, 300, 350]);
    expect(trace.reversals).toEqual([6, 9, 10]);
    expect(nextExposure(params, answers)).toBe(350);
  });

  it('resets the run of correct answers after an error, and stays within the bounds', () => {
    // From 200: three right -> 100 (the floor); three more right call for 50 but stay at 100 (no change, no reversal);
    // an error then reverses: up by the fine step to 150.
    const low = { ...params, startMs: 200 };
    expect(runStaircase(low, [T, T, T, T, T, T, F]).exposures).toEqual([200, 200, 200, 100, 100, 100, 100, 150]);
    expect(runStaircase(low, [T, T, T, T, T, T, F]).reversals).toEqual([6]);
    // Two right, one wrong, two right: the run restarts, so no step down; the error steps up (no reversal: first move).
    expect(runStaircase(params, [T, T, F, T, T]).exposures).toEqual([500, 500, 500, 600, 600, 600]);
    // Errors at the ceiling: 900 -> 1000 -> stays.
    expect(runStaircase({ ...params, startMs: 900 }, [F, F, F]).exposures).toEqual([900, 1000, 1000, 1000]);
  });

  it('finds the same reversals in the shown exposures as while running (any answers)', () => {
    const random = seededRandom(5);
    for (let run = 0; run < 200; run++) {
      const answers = Array.from({ length: 60 }, () => random() < 0.75);
      const trace = runStaircase(params, answers);
      // The last answer's step is not shown; reversals up to the one before it are.
      expect(reversalsOf(trace.exposures)).toEqual(trace.reversals);
      for (const e of trace.exposures) expect((e - params.minMs) % params.stepMs).toBe(0);
    }
  });

  it('refuses parameters that cannot run, naming the field', () => {
    expect(staircaseProblems(params)).toEqual([]);
    expect(staircaseProblems({ ...params, down: 1 })).toEqual(['down: must be a whole number >= 2, got 1']);
    expect(staircaseProblems({ ...params, startMs: 525 })).toEqual(['startMs - minMs (425) must be a multiple of stepMs (50)']);
    expect(staircaseProblems({ ...params, initialStepMs: 75 })).toEqual(['initialStepMs (75) must be a multiple of stepMs (50)']);
    expect(staircaseProblems({ ...params, minMs: 1000, maxMs: 100 })[0]).toBe('minMs (1000) must be below maxMs (100)');
    expect(() => runStaircase({ ...params, maxMs: 1010 }, [])).toThrow(StaircaseParamsError);
  });
});

describe('targetAccuracy', () => {
  it("is Levitt's (1971, Table I) convergence point of the n-down / 1-up rule", () => {
    expect(targetAccuracy(2)).toBeCloseTo(0.7071, 4);
    expect(targetAccuracy(3)).toBeCloseTo(0.7937, 4);
    expect(targetAccuracy(4)).toBeCloseTo(0.8409, 4);
  });
});

describe('summariseExposures', () => {
  it('takes the mode of the trials after the first reversal (by hand)', () => {
    // Shown: 500 500 500 400 400 400 300 | 350 350 350 300; reversals at trials 6 (300 -> 350) and 9 (350 -> 300).
    const s = summariseExposures([500, 500, 500, 400, 400, 400, 300, 350, 350, 350, 300]);
    expect(s).toEqual({ thresholdMs: 350, countedFrom: 7, counted: 4, reversals: 2, converged: true, reversalMeanMs: null });
  });

  it("gives Levitt's reversal mean over an even number of reversals after the first", () => {
    // Levels 400 300 350 300 350 300: reversals at 1 (300->350), 2 (350->300), 3 (300->350), 4 (350->300).
    // After the first: trials 2, 3, 4 -> odd, drop the earliest -> 3, 4 -> (300 + 350) / 2.
    const s = summariseExposures([400, 300, 350, 300, 350, 300]);
    expect(s.reversals).toBe(4);
    expect(s.reversalMeanMs).toBe(325);
    // Trials 2..5: 350, 300, 350, 300 -> a tie between 300 and 350 -> their mean.
    expect(s.thresholdMs).toBe(325);
  });

  it('counts every trial and says so when the staircase never reversed', () => {
    expect(summariseExposures([500, 400, 300, 200, 100, 100])).toMatchObject({ thresholdMs: 100, countedFrom: 0, counted: 6, converged: false });
    expect(summariseExposures([]).thresholdMs).toBeNull();
  });
});

describe('weightedMode', () => {
  it('counts weights and averages ties', () => {
    expect(weightedMode([300, 350, 350, 400])).toBe(350);
    expect(weightedMode([300, 400])).toBe(350);
    expect(weightedMode([300, 350, 350, 400], [3, 1, 1, 0])).toBe(300);
    expect(weightedMode([300], [0])).toBeNull();
  });
});

describe('the staircase recovers a known threshold (seeded simulation)', () => {
  // Simulated participants follow a Weibull psychometric function whose 79.4%-correct point (the
  // 3-down rule's target) is the known threshold; each runs 150 trials, half real photos. The mean
  // of their modal exposures must land within 40 ms (less than one 50 ms step) of the truth.
  for (const thresholdMs of [250, 600]) {
    it(`finds ${thresholdMs} ms within 40 ms over 30 participants`, () => {
      const f = psychometric({ thresholdMs, target: targetAccuracy(3), slope: 3, fakeAccuracy: 0.95, realAccuracy: 0.9 });
      const thresholds: number[] = [];
      for (let p = 0; p < 30; p++) {
        const random = seededRandom(deriveSeed(2019, 'participant', p, thresholdMs));
        const answers: boolean[] = [];
        for (let i = 0; i < 150; i++) answers.push(random() < f(nextExposure(params, answers), i % 2 === 0));
        const shown = runStaircase(params, answers).exposures.slice(0, answers.length);
        thresholds.push(summariseExposures(shown).thresholdMs!);
      }
      const mean = thresholds.reduce((s, x) => s + x, 0) / thresholds.length;
      expect(Math.abs(mean - thresholdMs)).toBeLessThan(40);
    });
  }
});
