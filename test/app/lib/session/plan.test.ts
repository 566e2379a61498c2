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
    studySeed: 77,
    seed: 1234,
    ordinal: 0,
    rotation: 0,
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
      const plan = planSession(input({ seed, rotation: seed, ordinal: seed, images: images(54 + (seed % 5)), assignment: seed % 2 ? 'mixed' : 'one-method' }));
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
      const plan = planSession(input({ seed, assignment: 'mixed', ordinal: seed, rotation: seed }));
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

  it('gives each method an equal share of a mixed session (the remainder rotating across sessions)', () => {
    const shares = new Map<string, number>();
    for (let ordinal = 0; ordinal < 9; ordinal++) {
      const plan = planSession(input({ assignment: 'mixed', ordinal, rotation: ordinal, seed: 7 + ordinal }));
      const per = methods.map((m) => count(plan, (t) => t.kind === 'test' && t.methodId === m.id));
      expect(per.sort()).toEqual([13, 13, 14]);
      methods.forEach((m) => shares.set(m.id, (shares.get(m.id) ?? 0) + count(plan, (t) => t.kind === 'test' && t.methodId === m.id)));
      // Practice trials rotate through the methods too (10 over 3: 4/3/3).
      const practice = methods.map((m) => count(plan, (t) => t.kind === 'practice' && t.methodId === m.id));
      expect(practice.sort()).toEqual([3, 3, 4]);
    }
    // 9 sessions x 40 = 360 test trials = 6 passes through the 60 photos: 120 per method.
    expect([...shares.values()].sort()).toEqual([120, 120, 120]);
  });

  it('replays: the same seed and study give the same plan; another seed another plan', () => {
    const a = planSession(input({ seed: 99, assignment: 'mixed', ordinal: 5, rotation: 5 }));
    const b = planSession(input({ seed: 99, assignment: 'mixed', ordinal: 5, rotation: 5, images: [...images(60)].reverse() }));
    expect(b).toEqual(a);
    const c = planSession(input({ seed: 100, assignment: 'mixed', ordinal: 5, rotation: 5 }));
    expect(c).not.toEqual(a);
    // The test photos follow the study order and the rotation, not the session seed.
    const testPhotos = (plan: PlannedTrial[]) => plan.filter((t) => t.kind === 'test').map((t) => t.imageId).sort();
    expect(testPhotos(c)).toEqual(testPhotos(a));
    expect(testPhotos(planSession(input({ seed: 99, assignment: 'mixed', ordinal: 5, rotation: 6 })))).not.toEqual(testPhotos(a));
    expect(testPhotos(planSession(input({ seed: 99, studySeed: 78, assignment: 'mixed', ordinal: 5, rotation: 5 })))).not.toEqual(testPhotos(a));
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

describe('photo rotation and mixedMethods (Latin square)', () => {
  const pairCounts = (sessions: PlannedTrial[][]) => {
    const counts = new Map<string, number>();
    for (const plan of sessions) for (const t of plan.filter((x) => x.kind === 'test')) counts.set(`${t.imageId}:${t.methodId}`, (counts.get(`${t.imageId}:${t.methodId}`) ?? 0) + 1);
    return counts;
  };

  it('takes the preferred method when the quotas allow, and keeps the quotas when they do not', () => {
    expect(mixedMethods([4, 5, 6, 7, 8, 9], 3)).toEqual([1, 2, 0, 1, 2, 0]);
    // All prefer method 0: quotas force 2/2/2.
    const assigned = mixedMethods([0, 3, 6, 9, 12, 15], 3);
    expect([0, 1, 2].map((m) => count(assigned, (x) => x === m))).toEqual([2, 2, 2]);
    // 7 trials over 3 methods: the extra goes to the method preferred most (1, then first seen).
    const seven = mixedMethods([1, 2, 3, 4, 5, 6, 7], 3);
    expect([0, 1, 2].map((m) => count(seven, (x) => x === m))).toEqual([2, 3, 2]);
  });

  it('covers every photo equally often across the sessions of a method (one-method)', () => {
    // 16 photos, 8 test trials: each pair of consecutive rotations shows all 16 once.
    const sessions = [0, 1, 2, 3].map((rotation) =>
      planSession(input({ images: images(16), practiceTrials: 2, testTrials: 8, attentionTrials: 2, rotation, seed: 500 + rotation })),
    );
    const shown = new Map<string, number>();
    for (const plan of sessions) for (const t of plan.filter((x) => x.kind === 'test')) shown.set(t.imageId, (shown.get(t.imageId) ?? 0) + 1);
    expect(shown.size).toBe(16);
    expect([...shown.values()].every((n) => n === 2)).toBe(true);
    // Practice and attention photos are never the session's test photos.
    for (const plan of sessions) expect(new Set(plan.map((t) => t.imageId)).size).toBe(12);
  });

  it('pairs every photo with every method exactly equally often over whole passes when mixed', () => {
    // 30 photos, 3 methods, 10 test trials: 9 sessions make 3 passes, so each of the 90 pairs once.
    const nine = Array.from({ length: 9 }, (_, k) =>
      planSession(input({ images: images(30), practiceTrials: 0, attentionTrials: 0, testTrials: 10, assignment: 'mixed', ordinal: k, rotation: k, seed: 1000 + k })),
    );
    const counts = pairCounts(nine);
    expect(counts.size).toBe(90);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    for (const plan of nine) expect(methods.map((m) => count(plan, (t) => t.methodId === m.id)).sort()).toEqual([3, 3, 4]);
  });

  it('stays close to even when the test block does not divide the photos (sessions straddle passes)', () => {
    // 25 photos, 3 methods, 7 test trials, 300 sessions: 84 passes, 2100 trials, 28 per pair on average.
    const sessions = Array.from({ length: 300 }, (_, k) =>
      planSession(input({ images: images(25), practiceTrials: 0, attentionTrials: 0, testTrials: 7, assignment: 'mixed', ordinal: k, rotation: k, seed: k })),
    );
    const counts = [...pairCounts(sessions).values()];
    expect(counts).toHaveLength(75);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(24);
    expect(Math.max(...counts)).toBeLessThanOrEqual(32);
    for (const plan of sessions) expect(methods.map((m) => count(plan, (t) => t.methodId === m.id)).sort()).toEqual([2, 2, 3]);
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
