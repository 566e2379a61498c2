/**
 * The trial plan of one session: which photo, which method and which side for every trial,
 * drawn from the session's recorded seed. A pure function of the study (images, methods,
 * counts) and the session (seed, ordinal, assigned method), so a session can be replayed:
 * `planSession` on the same input gives the same Trial rows.
 *
 * Layout: practice trials first (indices 0..P-1), then the test block, in which the attention
 * checks sit at random positions, never among the first three (a participant has settled in
 * before the first check). Every trial of a session shows a different photo.
 *
 * Each decision draws from its own stream (deriveSeed(seed, 'images'), …), so that, e.g.,
 * changing the number of attention checks does not reshuffle the photos.
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
  seed: number;
  /** 0-based arrival order of the session: rotates the image-method pairing when mixed. */
  ordinal: number;
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

export function planSession(input: PlanInput): PlannedTrial[] {
  const { practiceTrials: P, testTrials: T, attentionTrials: A, methods, seed, ordinal } = input;
  for (const [name, n] of [['practiceTrials', P], ['testTrials', T], ['attentionTrials', A]] as const) {
    if (!Number.isInteger(n) || n < 0) throw new PlanError(`${name} must be a whole number >= 0, got ${n}`);
  }
  if (methods.length === 0) throw new PlanError('the study has no method to test');
  const needed = imagesPerSession(input);
  if (input.images.length < needed) {
    throw new PlanError(
      `a session needs ${needed} distinct photos (${P} practice + ${T} test + ${A} attention trials) but the study has ${input.images.length}`,
    );
  }
  if (A > 0 && !input.attentionMethodId) throw new PlanError('the study has attention checks but no attention-check images');
  const sessionMethod = input.assignment === 'one-method' ? methods.find((m) => m.id === input.methodId) : undefined;
  if (input.assignment === 'one-method' && !sessionMethod) {
    throw new PlanError(`one-method assignment needs the session's method; "${input.methodId}" is not a method of the study`);
  }

  const stream = (name: string): RandomSource => seededRandom(deriveSeed(seed, name));
  const byName = [...input.images].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const position = new Map(byName.map((img, i) => [img.id, i]));
  const drawn = shuffled(byName, stream('images'));
  const testImages = drawn.slice(0, T);
  const attentionImages = drawn.slice(T, T + A);
  const practiceImages = drawn.slice(T + A, T + A + P);

  const testMethods =
    input.assignment === 'mixed'
      ? mixedMethods(testImages.map((img) => position.get(img.id)!), methods.length, ordinal)
      : testImages.map(() => methods.indexOf(sessionMethod!));
  const practiceMethods =
    input.assignment === 'mixed'
      ? shuffled(practiceImages.map((_, j) => (j + ordinal) % methods.length), stream('practice-methods'))
      : practiceImages.map(() => methods.indexOf(sessionMethod!));

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
 * Mixed assignment, Latin-square style: image at position p prefers method (p + ordinal) mod M,
 * so over M consecutive sessions an image meets every method once. Each method gets its quota
 * (T/M; the remainder goes to methods rotating with the ordinal) so every session sees every
 * method equally often; an image whose preferred method is full takes the next one with room.
 * Returns the method index of each test image.
 */
export function mixedMethods(imagePositions: readonly number[], methodCount: number, ordinal: number): number[] {
  const M = methodCount;
  const T = imagePositions.length;
  const quota = Array.from({ length: M }, (_, m) => Math.floor(T / M) + ((((m - ordinal) % M) + M) % M < T % M ? 1 : 0));
  return imagePositions.map((p) => {
    for (let step = 0; step < M; step++) {
      const m = (p + ordinal + step) % M;
      if (quota[m] > 0) {
        quota[m]--;
        return m;
      }
    }
    throw new Error('unreachable: quotas sum to the number of images');
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
