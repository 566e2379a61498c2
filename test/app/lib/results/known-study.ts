/**
 * A small 2AFC study with hand-chosen answers, written straight through Prisma, so that
 * every count, rate and interval on the researcher's pages can be worked out by hand
 * (the expected values are in the tests that use it). Images are real PNGs (sharp), so
 * the gallery shows something in the browser.
 *
 * Participants (one method each; 2 practice trials each, excluded from analysis):
 *   p0 zhang     prolific complete  test img01..img10, fooled on img01 img02 img03      attention 2/2
 *   p1 zhang     prolific complete  test img01..img10, fooled on img01 img04-img07      attention 1/2
 *   p2 coherent  direct   complete  test img01..img10, fooled on img01 img02 img08 img09 attention 2/2
 *   p3 coherent  mturk    test      test img01..img06, fooled on all six                attention 0/2 -> excluded
 *   p4 coherent  direct   returned  test img01..img04, fooled on img01                  no attention trials (kept)
 * p3 also has one planned trial left unanswered.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { Db } from '../../../../app/lib/db/client';

export const KNOWN_STUDY_ID = 'known-study';
export const KNOWN_STUDY_NAME = 'Known answers study';
export const ATTENTION = 'attention:random-colors';

interface Plan {
  key: string;
  method: 'zhang' | 'coherent';
  source: string;
  stage: string;
  tests: number;
  fooledOn: number[];
  attention: boolean[];
  unanswered?: boolean;
}

export const PLANS: Plan[] = [
  { key: 'p0', method: 'zhang', source: 'prolific', stage: 'complete', tests: 10, fooledOn: [1, 2, 3], attention: [true, true] },
  { key: 'p1', method: 'zhang', source: 'prolific', stage: 'complete', tests: 10, fooledOn: [1, 4, 5, 6, 7], attention: [true, false] },
  { key: 'p2', method: 'coherent', source: 'direct', stage: 'complete', tests: 10, fooledOn: [1, 2, 8, 9], attention: [true, true] },
  { key: 'p3', method: 'coherent', source: 'mturk', stage: 'test', tests: 6, fooledOn: [1, 2, 3, 4, 5, 6], attention: [false, false], unanswered: true },
  { key: 'p4', method: 'coherent', source: 'direct', stage: 'returned', tests: 4, fooledOn: [1], attention: [] },
];

const imageName = (i: number) => `img${String(i).padStart(2, '0')}`;

async function png(r: number, g: number, b: number): Promise<Buffer> {
  return sharp({ create: { width: 32, height: 32, channels: 3, background: { r, g, b } } }).png().toBuffer();
}

export interface KnownStudy {
  /** participant id (cuid) by plan key */
  participants: Record<string, string>;
  assetIds: string[];
}

/** A stored config as study:create writes it (validated, absolute paths). */
export function knownConfig(): string {
  return JSON.stringify({
    id: KNOWN_STUDY_ID,
    name: KNOWN_STUDY_NAME,
    protocol: '2afc',
    realDir: '/data/real',
    methods: [
      { name: 'zhang', dir: '/data/zhang', abDir: '/data/zhang-ab' },
      { name: 'coherent', dir: '/data/coherent' },
    ],
    seed: 7,
    session: { testTrials: 10, practiceTrials: 2, attentionRate: 0.1, assignment: 'one-method' },
    attention: { kind: 'random-colors', minAccuracy: 0.5 },
    presentation: { mode: 'sequential', exposureMs: 1000, gapMs: 600 },
    imageSize: 256,
    recruitment: { platform: 'prolific', completionCode: 'C0DE1234', screenedOutCode: 'SCREENED9', mturkSandbox: false },
    minWindow: { width: 800, height: 600 },
  });
}

export async function createKnownStudy(db: Db): Promise<KnownStudy> {
  const study = await db.study.create({ data: { id: KNOWN_STUDY_ID, name: KNOWN_STUDY_NAME, protocol: '2afc', config: knownConfig(), seed: 7, createdAt: new Date('2026-11-20T09:00:00Z') } });
  const assetIds: string[] = [];
  const asset = async (bytes: Buffer) => {
    const a = await db.asset.create({
      data: { studyId: study.id, sha256: createHash('sha256').update(bytes).digest('hex'), mime: 'image/png', width: 32, height: 32, bytes: new Uint8Array(bytes) },
    });
    assetIds.push(a.id);
    return a.id;
  };
  const zhang = await db.method.create({ data: { studyId: study.id, name: 'zhang', kind: 'method', position: 0, metrics: '{"auc":0.891,"psnr":23.4,"ssim":0.93,"note":"x","baseline.grayscale.auc":0.888,"baseline.grayscale.psnr":22.6,"baseline.constant.auc":0.886}' } });
  const coherent = await db.method.create({ data: { studyId: study.id, name: 'coherent', kind: 'method', position: 1, metrics: 'not json' } });
  const attention = await db.method.create({ data: { studyId: study.id, name: ATTENTION, kind: 'attention', position: 2 } });
  const images: string[] = [];
  for (let i = 1; i <= 14; i++) {
    const image = await db.image.create({ data: { studyId: study.id, name: imageName(i), realAssetId: await asset(await png(10 * i, 120, 200)) } });
    images.push(image.id);
    await db.stimulus.create({
      data: { imageId: image.id, methodId: zhang.id, assetId: await asset(await png(10 * i, 130, 190)), abAssetId: i <= 4 ? await asset(await png(128, 10 * i, 100)) : null },
    });
    await db.stimulus.create({ data: { imageId: image.id, methodId: coherent.id, assetId: await asset(await png(10 * i, 140, 180)) } });
    await db.stimulus.create({ data: { imageId: image.id, methodId: attention.id, assetId: await asset(await png(250, 10 * i, 20)) } });
  }
  const methodId = { zhang: zhang.id, coherent: coherent.id };
  const participants: Record<string, string> = {};
  for (const [ordinal, plan] of PLANS.entries()) {
    const participant = await db.participant.create({ data: { studyId: study.id, source: plan.source, externalId: `EXT-${plan.key}` } });
    participants[plan.key] = participant.id;
    const session = await db.session.create({
      data: {
        id: `token-${plan.key}`,
        studyId: study.id,
        participantId: participant.id,
        ordinal,
        seed: 100 + ordinal,
        rotation: ordinal,
        methodId: methodId[plan.method],
        stage: plan.stage,
        recruitment: '{}',
        startedAt: new Date(Date.UTC(2026, 10, 21, 10, ordinal)),
        lastSeenAt: new Date(Date.UTC(2026, 10, 21, 11, ordinal)),
        completedAt: plan.stage === 'complete' ? new Date(Date.UTC(2026, 10, 21, 11, ordinal)) : null,
      },
    });
    // Practice (2, on img13/img14), then tests on img01.., then attention checks on img11/img12.
    const trials: { kind: string; image: number; method: string; fooled: boolean | null }[] = [
      { kind: 'practice', image: 13, method: methodId[plan.method], fooled: true },
      { kind: 'practice', image: 14, method: methodId[plan.method], fooled: false },
      ...Array.from({ length: plan.tests }, (_, i) => ({ kind: 'test', image: i + 1, method: methodId[plan.method], fooled: plan.fooledOn.includes(i + 1) })),
      ...plan.attention.map((correct, i) => ({ kind: 'attention', image: 11 + i, method: attention.id, fooled: !correct })),
    ];
    if (plan.unanswered) trials.push({ kind: 'test', image: 10, method: methodId[plan.method], fooled: null });
    for (const [index, t] of trials.entries()) {
      const realSide = index % 2 ? 'right' : 'left';
      const trial = await db.trial.create({
        data: { sessionId: session.id, index, kind: t.kind, imageId: images[t.image - 1], methodId: t.method, realSide, exposureMs: 1000 },
      });
      if (t.fooled === null) continue;
      // Fooled = picked the real photo as the fake one.
      const choice = t.fooled ? realSide : realSide === 'left' ? 'right' : 'left';
      await db.response.create({
        data: {
          trialId: trial.id,
          choice,
          correct: !t.fooled,
          rtMs: 500 + 10 * index,
          timing: JSON.stringify({ firstOnsetMs: 16.7, firstOffsetMs: 1016.7, secondOnsetMs: 1616.7, secondOffsetMs: 2616.7, optionsOnsetMs: 2616.7 }),
          createdAt: new Date(Date.UTC(2026, 10, 21, 10, ordinal, index)),
        },
      });
    }
  }
  return { participants, assetIds };
}

/** A study with methods but no participants yet, for the empty states. */
export async function createEmptyStudy(db: Db, id = 'empty-study'): Promise<void> {
  const study = await db.study.create({ data: { id, name: 'Nobody yet', protocol: '2afc', config: '{"broken":', seed: 1, createdAt: new Date('2026-11-25T09:00:00Z') } });
  await db.method.create({ data: { studyId: study.id, name: 'zhang', kind: 'method', position: 0 } });
}
