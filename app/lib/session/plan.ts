/**
 * The trial plan of one session: which photo, which method and which side for every trial.
 * A pure function of the study (images, methods, counts, seed) and the session (seed,
 * ordinal, rotation, assigned method), so a session can be replayed: `planSession` on the
 * same input gives the same Trial rows.
 *
 * Test photos rotate through one study-wide order of the photos (shuffled once from the
 * study seed): the session at rotation r takes the T photos after the first r * T, wrapping
 * round. Rotation counts the earlier sessions of the same method (one-method) or all earlier
 * sessions (mixed), so the sessions of a method cover every photo equally often, pass after
 * pass, instead of by chance. When mixed, each pass through the photos shifts the photo-method
 * pairing by one (Latin square), so M passes pair every photo with every method once.
 * Attention and practice photos are drawn at random from the photos the test block leaves.
 *
 * Layout: practice trials first (indices 0..P-1), then the test block, in which the attention
 * checks sit at random positions, never among the first three (a participant has settled in
 * before the first check). Every trial of a session shows a different photo.
 *
 * Each random decision draws from its own stream of the session seed (deriveSeed(seed,
 * 'other-images'), …), so that, e.g., changing the number of attention checks does not
 * reshuffle the sides.
 */
import { deriveSeed, randomInt, seededRandom, shuffled, type RandomSource } from '../random';
import type { Assignment, Side } from '../study/vocabulary';

export interface PlanImage {
  id: string;
  /** File stem; images are ordered by name so the plan does not depend on database order. */
  name: string;
}

export interface PlanMethod {
  id: string;
  name: string;
}

export interface PlanInput {
  images: readonly PlanImage[];
  /** Methods under test, in study-config order (attention method excluded). */
  methods: readonly PlanMethod[];
  /** The attention-check method; required when attentionTrials > 0. */
  attentionMethodId: string | null;
  practiceTrials: number;
  testTrials: number;
  attentionTrials: number;
  assignment: Assignment;
  /** one-method: the method this session tests (see chooseMethod). Ignored when mixed. */
  methodId: string | null;
  /** Requested exposure per image; null when presentation time is unlimited. */
  exposureMs: number | null;
  /** The study's seed: fixes the study-wide order of photos the test blocks rotate through. */
  studySeed: number;
  /** The session's seed (Session.seed). */
  seed: number;
  /** 0-based arrival order of the session: rotates the practice methods when mixed. */
  ordinal: number;
  /** Sessions before this one in its rotation: of the same method (one-method), or all (mixed). */
  rotation: number;
}

export type PlannedKind = 'practice' | 'test' | 'attention';

export interface PlannedTrial {
  index: number;
  kind: PlannedKind;
  imageId: string;
  methodId: string;
  realSide: Side;
  exposureMs: number | null;
}

/** A study that cannot give a session its plan (too few photos, no attention method…). */
export class PlanError extends Error {}

/** Distinct photos one session needs: every practice, test and attention trial shows its own. */
export function imagesPerSession(counts: Pick<PlanInput, 'practiceTrials' | 'testTrials' | 'attentionTrials'>): number {
  return counts.practiceTrials + counts.testTrials + counts.attentionTrials;
}

/** Rejects counts and rotations that are not whole numbers >= 0, and a study without methods. */
export function checkPlanCounts(counts: Record<string, number>, rotation: number, methods: readonly PlanMethod[]): void {
  for (const [name, n] of Object.entries(counts)) {
    if (!Number.isInteger(n) || n < 0) throw new PlanError(`${name} must be a whole number >= 0, got ${n}`);
  }
  if (!Number.isInteger(rotation) || rotation < 0) throw new PlanError(`rotation must be a whole number >= 0, got ${rotation}`);
  if (methods.length === 0) throw new PlanError('the study has no method to test');
}

/** One-method assignment: the index of the session's method in `methods`; null for mixed. */
export function sessionMethodIndex(input: { assignment: Assignment; methodId: string | null; methods: readonly PlanMethod[] }): number | null {
  if (input.assignment !== 'one-method') return null;
  const index = input.methods.findIndex((m) => m.id === input.methodId);
  if (index < 0) throw new PlanError(`one-method assignment needs the session's method; "${input.methodId}" is not a method of the study`);
  return index;
}

export function planSession(input: PlanInput): PlannedTrial[] {
  const { practiceTrials: P, testTrials: T, attentionTrials: A, methods, seed, ordinal, rotation } = input;
  checkPlanCounts({ practiceTrials: P, testTrials: T, attentionTrials: A }, rotation, methods);
  const needed = imagesPerSession(input);
  if (input.images.length < needed) {
    throw new PlanError(
      `a session needs ${needed} distinct photos (${P} practice + ${T} test + ${A} attention trials) but the study has ${input.images.length}`,
    );
  }
  if (A > 0 && !input.attentionMethodId) throw new PlanError('the study has attention checks but no attention-check images');
  const sessionMethod = sessionMethodIndex(input);

  const stream = (name: string): RandomSource => seededRandom(deriveSeed(seed, name));
  const N = input.images.length;
  const { slots, testImages, others } = sessionPhotos(input.images, input.studySeed, rotation, T, stream('other-images'));
  const attentionImages = others.slice(0, A);
  const practiceImages = others.slice(A, A + P);

  const testMethods =
    input.assignment === 'mixed'
      ? mixedMethods(
          slots.map((g) => (g % N) + Math.floor(g / N)),
          methods.length,
        )
      : testImages.map(() => sessionMethod!);
  const practiceMethods =
    input.assignment === 'mixed'
      ? shuffled(practiceImages.map((_, j) => (j + ordinal) % methods.length), stream('practice-methods'))
      : practiceImages.map(() => sessionMethod!);

  // Sides: practice is one block; the test block balances across test and attention trials.
  const practiceSides = balancedSides([practiceImages.length], stream('practice-sides'))[0];
  const testGroups = methods.map((_, m) => testMethods.flatMap((tm, i) => (tm === m ? [i] : [])));
  const [attentionSides, ...groupSides] = balancedSides([A, ...testGroups.map((g) => g.length)], stream('test-sides'));
  const testSides: Side[] = new Array(T);
  testGroups.forEach((group, m) => group.forEach((i, k) => (testSides[i] = groupSides[m][k])));

  const exposureMs = input.exposureMs;
  const practice = shuffled(
    practiceImages.map((img, j) => ({ kind: 'practice' as const, imageId: img.id, methodId: methods[practiceMethods[j]].id, realSide: practiceSides[j] })),
    stream('practice-order'),
  );
  const tests = shuffled(
    testImages.map((img, i) => ({ kind: 'test' as const, imageId: img.id, methodId: methods[testMethods[i]].id, realSide: testSides[i] })),
    stream('test-order'),
  );
  const checks = attentionImages.map((img, i) => ({
    kind: 'attention' as const,
    imageId: img.id,
    methodId: input.attentionMethodId!,
    realSide: attentionSides[i],
  }));
  const block = interleaveChecks<Omit<PlannedTrial, 'index' | 'exposureMs'>>(tests, checks, stream('attention-positions'));
  return [...practice, ...block].map((t, index) => ({ index, ...t, exposureMs }));
}

/**
 * The study-wide order of the photos (by name, then shuffled once from the study seed) and the
 * `count` slots of the session at `rotation` in the endless sequence order, order, order, …:
 * rotation * count .. rotation * count + count - 1. Slot g shows photo order[g % N], in pass
 * floor(g / N) through the photos. `others`: the photos not in the test block, shuffled by
 * `random`, for the session's other trials (practice, attention, …).
 */
export function sessionPhotos<I extends PlanImage>(
  images: readonly I[],
  studySeed: number,
  rotation: number,
  count: number,
  random: RandomSource,
): { slots: number[]; testImages: I[]; others: I[] } {
  const byName = [...images].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const order = shuffled(byName, seededRandom(deriveSeed(studySeed, 'image-order')));
  const slots = Array.from({ length: count }, (_, j) => rotation * count + j);
  const testImages = slots.map((g) => order[g % order.length]);
  const inTest = new Set(testImages.map((img) => img.id));
  const others = shuffled(
    order.filter((img) => !inTest.has(img.id)),
    random,
  );
  return { slots, testImages, others };
}

/**
 * Mixed assignment, Latin-square style. Each test trial comes with a preference: method
 * `preferred mod M` (the planner passes the photo's position in the study order plus the
 * number of completed passes through the photos, so each pass pairs a photo with the next
 * method). Every session sees every method equally often: each method's quota is T/M, the
 * remainder going to the methods preferred most (then first); a trial whose preferred method
 * is full takes the next one with room. Returns the method index of each trial.
 */
export function mixedMethods(preferred: readonly number[], methodCount: number): number[] {
  const M = methodCount;
  const T = preferred.length;
  const wanted = preferred.map((p) => ((p % M) + M) % M);
  const demand = Array.from({ length: M }, (_, m) => wanted.filter((w) => w === m).length);
  const firstSeen = Array.from({ length: M }, (_, m) => {
    const i = wanted.indexOf(m);
    return i < 0 ? T : i;
  });
  const byDemand = Array.from({ length: M }, (_, m) => m).sort((a, b) => demand[b] - demand[a] || firstSeen[a] - firstSeen[b]);
  const quota = Array.from({ length: M }, () => Math.floor(T / M));
  for (const m of byDemand.slice(0, T % M)) quota[m]++;
  return wanted.map((w) => {
    for (let step = 0; step < M; step++) {
      const m = (w + step) % M;
      if (quota[m] > 0) {
        quota[m]--;
        return m;
      }
    }
    throw new Error('unreachable: quotas sum to the number of trials');
  });
}

/**
 * Real-photo sides for several groups of trials: each group gets floor(n/2) lefts and
 * floor(n/2) rights; the odd trial left over by each odd-sized group is balanced against the
 * others', so the groups together are exactly half left whenever their total is even.
 * Within each group the sides are shuffled.
 */
export function balancedSides(groupSizes: readonly number[], random: RandomSource): Side[][] {
  const odd = groupSizes.filter((n) => n % 2 === 1).length;
  const extras = shuffled(
    Array.from({ length: odd }, (_, i): Side => (i < Math.floor(odd / 2) ? 'left' : i < 2 * Math.floor(odd / 2) ? 'right' : randomInt(random, 2) === 0 ? 'left' : 'right')),
    random,
  );
  let e = 0;
  return groupSizes.map((n) => {
    const half = Math.floor(n / 2);
    const sides: Side[] = [...Array<Side>(half).fill('left'), ...Array<Side>(half).fill('right')];
    if (n % 2 === 1) sides.push(extras[e++]);
    return shuffled(sides, random);
  });
}

/** Minimum number of test trials before the first attention check. */
export const FIRST_CHECK_AFTER = 3;

/**
 * Places the attention checks at random positions of the test block, none among the first
 * FIRST_CHECK_AFTER trials (when the block is too short for that, as late as possible).
 */
export function interleaveChecks<T>(tests: readonly T[], checks: readonly T[], random: RandomSource): T[] {
  const length = tests.length + checks.length;
  const earliest = Math.min(FIRST_CHECK_AFTER, length - checks.length);
  const candidates = Array.from({ length: length - earliest }, (_, i) => earliest + i);
  const slots = new Set(shuffled(candidates, random).slice(0, checks.length));
  const out: T[] = [];
  let t = 0;
  let c = 0;
  for (let i = 0; i < length; i++) out.push(slots.has(i) ? checks[c++] : tests[t++]);
  return out;
}
