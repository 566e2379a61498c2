/**
 * The trial plan of a single-image (HYPE) session: which photo, which method and whether the
 * real photo or the method's colorization is shown, for every trial. Like the 2AFC plan
 * (app/lib/session/plan.ts), a pure function of the study and the session, so a session
 * replays from its seed, ordinal and rotation.
 *
 * Layout: tutorial trials (kind "tutorial", feedback), then the qualification block
 * ("qualification"), then the test block, in which the attention checks ("attention": the
 * generated random-colour version, always fake) sit at random positions, never among the
 * first three. Every trial shows a different photo: a participant never sees the real photo
 * and a colorization of the same scene, which would let them compare.
 *
 * Test photos rotate through the study-wide order exactly as in 2AFC (sessionPhotos), so the
 * sessions of a method cover the photos evenly. Real or fake: each method's test trials are
 * half real photos and half fakes (an odd trial out is balanced across methods); within that
 * quota a photo at position i of the order, in pass k through it, leans to real when i + k is
 * even, so successive passes show each photo real and fake in turn and, over sessions, every
 * photo is judged both ways about equally often. Tutorial and qualification blocks are half
 * real too, in random order.
 *
 * Exposure: tutorial and qualification trials get `fixedExposureMs` (hype-time: the
 * staircase's start; hype-infinity: null, unlimited). Test and attention trials get null here:
 * under hype-time their exposure is decided by the staircase when they are served
 * (app/lib/hype/serve-exposure.ts); under hype-infinity they stay unlimited.
 */
import { deriveSeed, seededRandom, shuffled, type RandomSource } from '../random';
import { balancedSides, checkPlanCounts, interleaveChecks, mixedMethods, PlanError, sessionMethodIndex, sessionPhotos, type PlanImage, type PlanMethod } from '../session/plan';
import type { Assignment } from '../study/vocabulary';

export interface SingleImagePlanInput {
  images: readonly PlanImage[];
  /** Methods under test, in study-config order (attention method excluded). */
  methods: readonly PlanMethod[];
  attentionMethodId: string | null;
  tutorialTrials: number;
  qualificationTrials: number;
  testTrials: number;
  attentionTrials: number;
  /** Qualification fakes: the random-colour attention versions, or the methods' colorizations. */
  qualificationFakes: 'attention' | 'methods';
  assignment: Assignment;
  /** one-method: the method this session tests. Ignored when mixed. */
  methodId: string | null;
  /** Exposure of tutorial and qualification trials (null: unlimited). */
  fixedExposureMs: number | null;
  studySeed: number;
  seed: number;
  ordinal: number;
  rotation: number;
}

export type SingleImageKind = 'tutorial' | 'qualification' | 'test' | 'attention';

export interface SingleImagePlannedTrial {
  index: number;
  kind: SingleImageKind;
  imageId: string;
  methodId: string;
  realSide: null;
  showsReal: boolean;
  exposureMs: number | null;
}

/** Distinct photos one session needs. */
export function singleImagePhotos(c: Pick<SingleImagePlanInput, 'tutorialTrials' | 'qualificationTrials' | 'testTrials' | 'attentionTrials'>): number {
  return c.tutorialTrials + c.qualificationTrials + c.testTrials + c.attentionTrials;
}

/**
 * Real-or-fake for groups of trials, each trial with a preference (true: leans real): every
 * group gets half reals (an odd group's extra balanced against the others', as balancedSides
 * does for 2AFC sides), given first to the trials that lean real, in random order.
 */
export function balancedTruths(preferences: readonly (readonly boolean[])[], random: RandomSource): boolean[][] {
  const quotas = balancedSides(
    preferences.map((g) => g.length),
    random,
  ).map((sides) => sides.filter((s) => s === 'left').length);
  return preferences.map((group, g) => {
    const order = shuffled(
      group.map((_, i) => i),
      random,
    ).sort((a, b) => Number(group[b]) - Number(group[a]));
    const truths = new Array<boolean>(group.length).fill(false);
    for (const i of order.slice(0, quotas[g])) truths[i] = true;
    return truths;
  });
}

export function planSingleImageSession(input: SingleImagePlanInput): SingleImagePlannedTrial[] {
  const { tutorialTrials: P, qualificationTrials: Q, testTrials: T, attentionTrials: A, methods, seed, ordinal, rotation } = input;
  checkPlanCounts({ tutorialTrials: P, qualificationTrials: Q, testTrials: T, attentionTrials: A }, rotation, methods);
  const needed = singleImagePhotos(input);
  if (input.images.length < needed) {
    throw new PlanError(
      `a session needs ${needed} distinct photos (${P} tutorial + ${Q} qualification + ${T} test + ${A} attention trials) but the study has ${input.images.length}`,
    );
  }
  const attentionNeeded = A > 0 || (Q > 0 && input.qualificationFakes === 'attention');
  if (attentionNeeded && !input.attentionMethodId) throw new PlanError('the study needs its attention-check images (random colours) but has none');
  const sessionMethod = sessionMethodIndex(input);

  const stream = (name: string): RandomSource => seededRandom(deriveSeed(seed, name));
  const N = input.images.length;
  const { slots, testImages, others } = sessionPhotos(input.images, input.studySeed, rotation, T, stream('other-images'));
  const attentionImages = others.slice(0, A);
  const tutorialImages = others.slice(A, A + P);
  const qualificationImages = others.slice(A + P, A + P + Q);

  const testMethods =
    input.assignment === 'mixed'
      ? mixedMethods(
          slots.map((g) => (g % N) + Math.floor(g / N)),
          methods.length,
        )
      : testImages.map(() => sessionMethod!);
  const rotating = (count: number, name: string) =>
    input.assignment === 'mixed'
      ? shuffled(
          Array.from({ length: count }, (_, j) => (j + ordinal) % methods.length),
          stream(name),
        )
      : Array.from({ length: count }, () => sessionMethod!);

  // Test block: half real per method, leaning on the photo's place in the rotation (module comment).
  const groups = methods.map((_, m) => testMethods.flatMap((tm, i) => (tm === m ? [i] : [])));
  const leansReal = slots.map((g) => ((g % N) + Math.floor(g / N)) % 2 === 0);
  const groupTruths = balancedTruths(
    groups.map((group) => group.map((i) => leansReal[i])),
    stream('test-truths'),
  );
  const testTruths = new Array<boolean>(T);
  groups.forEach((group, m) => group.forEach((i, k) => (testTruths[i] = groupTruths[m][k])));

  const halfReal = (count: number, name: string) => balancedTruths([Array<boolean>(count).fill(false)], stream(name))[0];
  const tutorialMethods = rotating(P, 'tutorial-methods');
  const tutorialTruths = halfReal(P, 'tutorial-truths');
  const qualificationMethods = rotating(Q, 'qualification-methods');
  const qualificationTruths = halfReal(Q, 'qualification-truths');

  type Trial = Omit<SingleImagePlannedTrial, 'index'>;
  const fixed = input.fixedExposureMs;
  const tutorial: Trial[] = shuffled(
    tutorialImages.map((img, j) => ({
      kind: 'tutorial' as const,
      imageId: img.id,
      methodId: methods[tutorialMethods[j]].id,
      realSide: null,
      showsReal: tutorialTruths[j],
      exposureMs: fixed,
    })),
    stream('tutorial-order'),
  );
  const qualification: Trial[] = shuffled(
    qualificationImages.map((img, j) => ({
      kind: 'qualification' as const,
      imageId: img.id,
      // A real photo still names a method: the one whose fake it stands in for (it keeps the row complete).
      methodId: input.qualificationFakes === 'attention' ? input.attentionMethodId! : methods[qualificationMethods[j]].id,
      realSide: null,
      showsReal: qualificationTruths[j],
      exposureMs: fixed,
    })),
    stream('qualification-order'),
  );
  const tests: Trial[] = shuffled(
    testImages.map((img, i) => ({
      kind: 'test' as const,
      imageId: img.id,
      methodId: methods[testMethods[i]].id,
      realSide: null,
      showsReal: testTruths[i],
      exposureMs: null,
    })),
    stream('test-order'),
  );
  const checks: Trial[] = attentionImages.map((img) => ({
    kind: 'attention' as const,
    imageId: img.id,
    methodId: input.attentionMethodId!,
    realSide: null,
    showsReal: false,
    exposureMs: null,
  }));
  const block = interleaveChecks(tests, checks, stream('attention-positions'));
  return [...tutorial, ...qualification, ...block].map((t, index) => ({ index, ...t }));
}
