import { describe, expect, it } from 'vitest';
import { planParticipants } from '../../../../app/lib/stats/plan-participants';
import { twoProportionSampleSize } from '../../../../app/lib/stats/two-proportion-sample-size';

describe('twoProportionSampleSize', () => {
  it('gives the hand-computed answer for 32% vs 40% at alpha 0.05, power 0.8', () => {
    // p̄ = 0.36: 1.959964 · √(2 · 0.36 · 0.64) = 1.330502, 0.841621 · √(0.32 · 0.68 + 0.40 · 0.60) = 0.569351;
    // (1.899853)² / 0.08² = 563.98 -> 564 trials per method (the "about 560" of SPEC.md).
    const s = twoProportionSampleSize({ p1: 0.32, p2: 0.4, trialsPerParticipant: 40, icc: 0 });
    expect(s).toEqual({ trialsPerMethod: 564, designEffect: 1, participantsPerMethod: 15 });
    // With Zhang's clustering (ρ = 0.065): design effect 1 + 39 · 0.065 = 3.535; 563.98 · 3.535 / 40 = 49.8 -> 50.
    const z = twoProportionSampleSize({ p1: 0.32, p2: 0.4, trialsPerParticipant: 40, icc: 0.065 });
    expect(z.designEffect).toBeCloseTo(3.535, 12);
    expect(z.participantsPerMethod).toBe(50);
  });
});

describe('planParticipants', () => {
  it('agrees with the closed form when the correlation is zero', () => {
    // 10 trials per participant so that the answer (57 participants) is large enough to resolve.
    // Simulated power at each N has SE √(0.8 · 0.2 / 2000) = 0.009, about 1.3 participants of N near
    // the answer (power rises by about 0.007 per participant there); the Wald test with estimated
    // variances also differs slightly from the pooled-variance formula: allow 10%.
    const plan = planParticipants({ p1: 0.32, p2: 0.4, trialsPerParticipant: 10, icc: 0, seed: 5 });
    expect(plan.closedForm.participantsPerMethod).toBe(57);
    expect(Math.abs(plan.participantsPerMethod / 57 - 1)).toBeLessThanOrEqual(0.1);
    expect(plan.simulatedPower).toBeGreaterThanOrEqual(0.8);
  });

  it('follows the design effect when participants differ (beta-binomial, ρ = 0.065)', () => {
    // The closed form with design effect says 50 per method; it is itself an approximation: allow 15%.
    const plan = planParticipants({ p1: 0.32, p2: 0.4, trialsPerParticipant: 40, icc: 0.065, seed: 6 });
    expect(Math.abs(plan.participantsPerMethod / 50 - 1)).toBeLessThanOrEqual(0.15);
    // Clustering costs participants: far more than the 15 that independent trials would need.
    expect(plan.participantsPerMethod).toBeGreaterThan(30);
  });

  it('replays with the same seed', () => {
    const o = { p1: 0.2, p2: 0.35, trialsPerParticipant: 20, icc: 0.05, simulations: 300, seed: 8 };
    expect(planParticipants(o)).toEqual(planParticipants(o));
  });

  it('explains impossible requests', () => {
    expect(() => planParticipants({ p1: 0.3, p2: 0.3 })).toThrow(/no difference to detect/);
    expect(() => planParticipants({ p1: 0, p2: 0.3 })).toThrow(/p1 must be a fooling rate strictly between 0 and 1/);
    expect(() => planParticipants({ p1: 0.3, p2: 0.4, icc: 1 })).toThrow(/correlation must be in \[0, 1\)/);
    expect(() => planParticipants({ p1: 0.3, p2: 0.31, trialsPerParticipant: 2, maxParticipants: 50, simulations: 100 })).toThrow(
      /more than 50 participants per method would be needed/,
    );
  });
});
