import { describe, expect, it } from 'vitest';
import { balancedTruths, planSingleImageSession, type SingleImagePlanInput, type SingleImagePlannedTrial } from '../../../../app/lib/hype/plan';
import { PlanError } from '../../../../app/lib/session/plan';
import { seededRandom } from '../../../../app/lib/random';

const images = Array.from({ length: 12 }, (_, i) => ({ id: `img${i}`, name: `photo${String(i).padStart(2, '0')}` }));
const methods = [
  { id: 'm-a', name: 'alpha' },
  { id: 'm-b', name: 'beta' },
];

function input(over: Partial<SingleImagePlanInput> = {}): SingleImagePlanInput {
  return {
    images,
    methods,
    attentionMethodId: 'm-att',
    tutorialTrials: 2,
    qualificationTrials: 2,
    testTrials: 6,
    attentionTrials: 2,
    qualificationFakes: 'attention',
    assignment: 'one-method',
    methodId: 'm-a',
    fixedExposureMs: 500,
    studySeed: 3,
    seed: 11,
    ordinal: 0,
    rotation: 0,
    ...over,
  };
}

const count = <T>(xs: readonly T[], f: (x: T) => boolean) => xs.filter(f).length;
const test = (plan: SingleImagePlannedTrial[]) => plan.filter((t) => t.kind === 'test');

describe('planSingleImageSession', () => {
  it('lays out tutorial, qualification, then the test block, every photo once', () => {
    const plan = planSingleImageSession(input());
    expect(plan.map((t) => t.index)).toEqual(plan.map((_, i) => i));
    expect(plan.slice(0, 2).map((t) => t.kind)).toEqual(['tutorial', 'tutorial']);
    expect(plan.slice(2, 4).map((t) => t.kind)).toEqual(['qualification', 'qualification']);
    expect(count(plan.slice(4), (t) => t.kind === 'test')).toBe(6);
    expect(count(plan.slice(4), (t) => t.kind === 'attention')).toBe(2);
    // No attention check among the first three trials of the test block.
    expect(plan.slice(4, 7).every((t) => t.kind === 'test')).toBe(true);
    expect(new Set(plan.map((t) => t.imageId)).size).toBe(plan.length);
    expect(plan.every((t) => t.realSide === null)).toBe(true);
  });

  it('shows half real photos in each block, fakes of the session method, attention checks always fake', () => {
    const plan = planSingleImageSession(input());
    for (const kind of ['tutorial', 'qualification', 'test'] as const) {
      const block = plan.filter((t) => t.kind === kind);
      expect(count(block, (t) => t.showsReal), kind).toBe(block.length / 2);
    }
    expect(plan.filter((t) => t.kind === 'attention').every((t) => !t.showsReal && t.methodId === 'm-att')).toBe(true);
    expect(plan.filter((t) => t.kind === 'qualification').every((t) => t.methodId === 'm-att')).toBe(true);
    expect(plan.filter((t) => t.kind === 'test' || t.kind === 'tutorial').every((t) => t.methodId === 'm-a')).toBe(true);
    const withMethods = planSingleImageSession(input({ qualificationFakes: 'methods' }));
    expect(withMethods.filter((t) => t.kind === 'qualification').every((t) => t.methodId === 'm-a')).toBe(true);
  });

  it('fixes the exposure of tutorial and qualification trials, and leaves the test block to the staircase', () => {
    const plan = planSingleImageSession(input());
    expect(plan.filter((t) => t.kind === 'tutorial' || t.kind === 'qualification').map((t) => t.exposureMs)).toEqual([500, 500, 500, 500]);
    expect(plan.filter((t) => t.kind === 'test' || t.kind === 'attention').every((t) => t.exposureMs === null)).toBe(true);
  });

  it('replays from the same input and differs with the session seed', () => {
    expect(planSingleImageSession(input())).toEqual(planSingleImageSession(input()));
    expect(planSingleImageSession(input({ seed: 12 }))).not.toEqual(planSingleImageSession(input()));
  });

  it('shows every photo once real and once fake over two passes through the photos (one method)', () => {
    // 12 photos, 6 test trials a session: rotations 0-1 are pass 0, 2-3 pass 1.
    const shown = new Map<string, boolean[]>();
    for (let rotation = 0; rotation < 4; rotation++) {
      for (const t of test(planSingleImageSession(input({ rotation, seed: 100 + rotation })))) shown.set(t.imageId, [...(shown.get(t.imageId) ?? []), t.showsReal]);
    }
    expect(shown.size).toBe(12);
    for (const [id, truths] of shown) expect(truths.sort(), id).toEqual([false, true]);
  });

  it('mixed: each method gets its share of the test block, half of it real', () => {
    const plan = planSingleImageSession(input({ assignment: 'mixed', methodId: null, testTrials: 8, tutorialTrials: 0, qualificationTrials: 0, attentionTrials: 0 }));
    for (const m of ['m-a', 'm-b']) {
      const mine = test(plan).filter((t) => t.methodId === m);
      expect(mine).toHaveLength(4);
      expect(count(mine, (t) => t.showsReal)).toBe(2);
    }
  });

  it('says what is missing', () => {
    expect(() => planSingleImageSession(input({ testTrials: 7 }))).toThrow(/needs 13 distinct photos \(2 tutorial \+ 2 qualification \+ 7 test \+ 2 attention trials\) but the study has 12/);
    expect(() => planSingleImageSession(input({ attentionMethodId: null }))).toThrow(PlanError);
    expect(() => planSingleImageSession(input({ methodId: 'nope' }))).toThrow(/"nope" is not a method/);
  });
});

describe('balancedTruths', () => {
  it('gives each group half reals, the odd ones out balanced, leaning trials first', () => {
    const random = seededRandom(4);
    const [a, b] = balancedTruths([[true, true, false, false], [false, false, false]], random);
    expect(a).toEqual([true, true, false, false]);
    expect(count(b, (x) => x)).toBeLessThanOrEqual(2);
    // Two odd groups: one gets the extra real, the other not, so together they are half real.
    const [c, d] = balancedTruths([[true, true, true], [true, true, true]], random);
    expect(count([...c, ...d], (x) => x)).toBe(3);
  });
});
