import { describe, expect, it } from 'vitest';
import { psychometric, PsychometricError, weibullScale } from '../../../../app/lib/hype/psychometric';

const spec = { thresholdMs: 300, target: 0.8, slope: 2, fakeAccuracy: 0.9, realAccuracy: 0.9 };

describe('psychometric', () => {
  it('guesses at no exposure, reaches the asymptote with unlimited time, and the target at the threshold', () => {
    const f = psychometric(spec);
    expect(f(0, true)).toBe(0.5);
    expect(f(null, false)).toBe(0.9);
    expect(f(300, true)).toBeCloseTo(0.8, 12);
    // Mean over real and fake at the threshold is the target even when their asymptotes differ.
    const g = psychometric({ ...spec, fakeAccuracy: 0.96, realAccuracy: 0.84 });
    expect((g(300, true) + g(300, false)) / 2).toBeCloseTo(0.8, 12);
    expect(g(5000, false)).toBeGreaterThan(g(300, false));
  });

  it('solves the Weibull scale in closed form', () => {
    // W(t*) = (0.8 - 0.5) / (0.9 - 0.5) = 0.75; tau = 300 / sqrt(-ln 0.25) = 300 / 1.177410 = 254.797 (slope 2).
    expect(weibullScale(spec)).toBeCloseTo(300 / Math.sqrt(Math.log(4)), 9);
    expect(weibullScale(spec)).toBeCloseTo(254.797, 3);
  });

  it('refuses a participant who never reaches the target', () => {
    expect(() => weibullScale({ ...spec, fakeAccuracy: 0.7, realAccuracy: 0.8 })).toThrow(PsychometricError);
    expect(() => weibullScale({ ...spec, fakeAccuracy: 0.7, realAccuracy: 0.8 })).toThrow(/75\.0% of the time, not above the staircase's target of 80\.0%/);
  });
});
