import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../app/lib/random';
import {
  balancedSides,
  FIRST_CHECK_AFTER,
  interleaveChecks,
  mixedMethods,
  planSession,
  PlanError,
  type PlanInput,
  type PlannedTrial,
} from '../../../../app/lib/session/plan';

const images = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `img${i}`, name: `photo-${String(i).padStart(3, '0')}` }));
const methods = [
  { id: 'mZ', name: 'zhang' },
  { id: 'mC', name: 'coherent' },
  { id: 'mR', name: 'regression' },
];

function input(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    images: images(60),
    methods,
    attentionMethodId: 'mA',
    practiceTrials: 10,
    testTrials: 40,
    attentionTrials: 4,
    assignment: 'one-method',
    methodId: 'mC',
    exposureMs: 1000,
    seed: 1234,
    ordinal: 0,
    ...overrides,
  };
}

const count = <T>(xs: readonly T[], pred: (x: T) => boolean) => xs.filter(pred).length;
const testBlock = (plan: PlannedTrial[]) => plan.filter((t) => t.kind !== 'practice');

describe('planSession', () => {
  it("lays out practice first, then the test block, with the config's counts", () => {
    const plan = planSession(input());
    expect(plan.map((t) => t.index)).toEqual(Array.from({ length: 54 }, (_, i) => i));
    expect(plan.slice(0, 10).every((t) => t.kind === 'practice')).toBe(true);
    expect(count(plan, (t) => t.kind === 'test')).toBe(40);
    expect(count(plan, (t) => t.kind === 'attention')).toBe(4);
    expect(plan.every((t) => t.exposureMs === 1000)).toBe(true);
  });

  it('never shows a photo twice in a session, over many seeds and configs', () => {
    for (let seed = 0; seed < 200; seed++) {
      const plan = planSession(input({ seed, images: images(54 + (seed % 5)), assignment: seed % 2 ? 'mixed' : 'one-method' }));
      expect(new Set(plan.map((t) => t.imageId)).size).toBe(plan.length);
    }
  });

  it('uses the assigned method for one-method sessions, and the attention method for checks', () => {
    const plan = planSession(input({ methodId: 'mR' }));
    for (const t of plan) expect(t.methodId).toBe(t.kind === 'attention' ? 'mA' : 'mR');
  });

  it('puts the real photo on each side exactly half of the time in every block', () => {
    for (let seed = 0; seed < 100; seed++) {
      for (const assignment of ['one-method', 'mixed'] as const) {
        const plan = planSession(input({ seed, assignment }));
        const practice = plan.filter((t) => t.kind === 'practice');
        expect(count(practice, (t) => t.realSide === 'left')).toBe(5);
        // 40 test + 4 attention = 44 trials: 22 on each side.
        expect(count(testBlock(plan), (t) => t.realSide === 'left')).toBe(22);
        expect(count(plan.filter((t) => t.kind === 'attention'), (t) => t.realSide === 'left')).toBe(2);
      }
    }
  });

  it('balances sides within each method when mixed (within one for odd counts)', () => {
    // 40 test trials over 3 methods: 14/13/13 per method; sides differ by at most 1 per method.
    for (let seed = 0; seed < 50; seed++) {
      const plan = planSession(input({ seed, assignment: 'mixed', ordinal: seed }));
      for (const m of methods) {
        const trials = plan.filter((t) => t.kind === 'test' && t.methodId === m.id);
        const left = count(trials, (t) => t.realSide === 'left');
        expect(Math.abs(2 * left - trials.length)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('with odd block sizes, the leftover trial goes to either side (not always the same)', () => {
    const lefts = new Set<number>();
    for (let seed = 0; seed < 40; seed++) {
      const plan = planSession(input({ seed, practiceTrials: 3, testTrials: 5, attentionTrials: 0 }));
      lefts.add(count(plan.filter((t) => t.kind === 'practice'), (t) => t.realSide === 'left'));
    }
    expect([...lefts].sort()).toEqual([1, 2]);
  });

  it(`places attention checks inside the test block, never among its first ${FIRST_CHECK_AFTER} trials, at varying positions`, () => {
    const positions = new Set<number>();
    for (let seed = 0; seed < 200; seed++) {
      const block = testBlock(planSession(input({ seed })));
      block.forEach((t, i) => {
        if (t.kind === 'attention') {
          expect(i).toBeGreaterThanOrEqual(FIRST_CHECK_AFTER);
          positions.add(i);
        }
      });
    }
    // 41 allowed positions (3..43); 800 draws reach nearly all of them.
    expect(positions.size).toBeGreaterThan(35);
    expect(Math.max(...positions)).toBe(43);
  });

  it('gives each method an equal share of a mixed session (remainders rotating with the ordinal)', () => {
    const shares = new Map<string, number>();
    for (let ordinal = 0; ordinal < 3; ordinal++) {
      const plan = planSession(input({ assignment: 'mixed', ordinal, seed: 7 + ordinal }));
      const per = methods.map((m) => count(plan, (t) => t.kind === 'test' && t.methodId === m.id));
      expect(per.sort()).toEqual([13, 13, 14]);
      methods.forEach((m) => shares.set(m.id, (shares.get(m.id) ?? 0) + count(plan, (t) => t.kind === 'test' && t.methodId === m.id)));
      // Practice trials rotate through the methods too (10 over 3: 4/3/3).
      const practice = methods.map((m) => count(plan, (t) => t.kind === 'practice' && t.methodId === m.id));
      expect(practice.sort()).toEqual([3, 3, 4]);
    }
    // Over three consecutive sessions every method got the extra trial once: 40 each.
    expect([...shares.values()]).toEqual([40, 40, 40]);
  });

  it('replays: the same seed and study give the same plan; another seed another plan', () => {
    const a = planSession(input({ seed: 99, assignment: 'mixed', ordinal: 5 }));
    const b = planSession(input({ seed: 99, assignment: 'mixed', ordinal: 5, images: [...images(60)].reverse() }));
    expect(b).toEqual(a);
    const c = planSession(input({ seed: 100, assignment: 'mixed', ordinal: 5 }));
    expect(c).not.toEqual(a);
  });

  it('stores no exposure for unlimited presentation', () => {
    expect(planSession(input({ exposureMs: null })).every((t) => t.exposureMs === null)).toBe(true);
  });

  it('refuses studies that cannot fill a session, saying how many photos are needed', () => {
    expect(() => planSession(input({ images: images(53) }))).toThrow(PlanError);
    expect(() => planSession(input({ images: images(53) }))).toThrow(
      'a session needs 54 distinct photos (10 practice + 40 test + 4 attention trials) but the study has 53',
    );
    expect(() => planSession(input({ attentionMethodId: null }))).toThrow('no attention-check images');
    expect(() => planSession(input({ methodId: 'nope' }))).toThrow('"nope" is not a method of the study');
    expect(planSession(input({ images: images(54) }))).toHaveLength(54);
  });
});

describe('mixedMethods (Latin square)', () => {
  it('pairs every image with every method exactly once over M consecutive sessions when all images are shown', () => {
    // 12 images, 3 methods, 12 test trials: image p gets method (p + ordinal) mod 3, each quota 4.
    const pairs = new Set<string>();
    for (let ordinal = 0; ordinal < 3; ordinal++) {
      const assigned = mixedMethods(Array.from({ length: 12 }, (_, p) => p), 3, ordinal);
      assigned.forEach((m, p) => {
        expect(m).toBe((p + ordinal) % 3);
        pairs.add(`${p}:${m}`);
      });
    }
    expect(pairs.size).toBe(36);
  });

  it('keeps the quotas when the preferred methods are unevenly represented', () => {
    // All images prefer method 0 at ordinal 0: quotas force 2/2/2.
    const assigned = mixedMethods([0, 3, 6, 9, 12, 15], 3, 0);
    expect([0, 1, 2].map((m) => count(assigned, (x) => x === m))).toEqual([2, 2, 2]);
  });

  it('shows each image-method pair about equally often over many sessions', () => {
    // 30 photos, 3 methods, 10 test trials per session, 600 sessions: each pair is expected
    // 600 * (10/30) / 3 = 66.7 times; binomial sd about 7.5, so 40..95 is far beyond chance failure.
    const counts = new Map<string, number>();
    for (let ordinal = 0; ordinal < 600; ordinal++) {
      const plan = planSession(input({ images: images(30), practiceTrials: 0, attentionTrials: 0, testTrials: 10, assignment: 'mixed', ordinal, seed: 1000 + ordinal }));
      for (const t of plan) counts.set(`${t.imageId}:${t.methodId}`, (counts.get(`${t.imageId}:${t.methodId}`) ?? 0) + 1);
    }
    expect(counts.size).toBe(90);
    for (const n of counts.values()) {
      expect(n).toBeGreaterThan(40);
      expect(n).toBeLessThan(95);
    }
  });
});

describe('balancedSides', () => {
  it('balances each group and the odd leftovers against each other', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 50; i++) {
      const groups = balancedSides([3, 3, 2, 5, 0], random);
      expect(groups.map((g) => g.length)).toEqual([3, 3, 2, 5, 0]);
      for (const g of groups) expect(Math.abs(2 * count(g, (s) => s === 'left') - g.length)).toBeLessThanOrEqual(1);
      // 13 trials in all: 6 or 7 on the left.
      const left = count(groups.flat(), (s) => s === 'left');
      expect([6, 7]).toContain(left);
      const even = balancedSides([3, 3, 2], random).flat();
      expect(count(even, (s) => s === 'left')).toBe(4);
    }
  });
});

describe('interleaveChecks', () => {
  it('keeps the order of the test trials and puts checks late when the block is short', () => {
    const random = seededRandom(1);
    const out = interleaveChecks(['t1', 't2'], ['c1', 'c2'], random);
    // Only 4 positions and 2 checks: the checks take the last two (as late as possible).
    expect(out).toEqual(['t1', 't2', 'c1', 'c2']);
    const longer = interleaveChecks(['a', 'b', 'c', 'd', 'e'], ['X'], random);
    expect(longer.filter((x) => x !== 'X')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(longer.indexOf('X')).toBeGreaterThanOrEqual(3);
  });
});
