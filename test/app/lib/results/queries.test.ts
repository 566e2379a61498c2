import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../app/lib/db/client';
import { resolveDatabase } from '../../../../app/lib/db/url';
import { StudyConfigSchema } from '../../../../app/lib/study/config';
import { listStudies } from '../../../../app/lib/results/study-list';
import { loadStudyProgress } from '../../../../app/lib/results/study-progress';
import { loadStudyResults } from '../../../../app/lib/results/study-results';
import { createTestDatabase, postgresSkipReason } from '../../../helpers/postgres';
import { ATTENTION, KNOWN_STUDY_ID, createEmptyStudy, createKnownStudy, type KnownStudy } from './known-study';

/** Wilson's interval is the set of p where the score statistic (k - np)² / (np(1-p)) equals z²
 *  at the limits: an independent check of any computed interval. */
function scoreAt(k: number, n: number, p: number): number {
  return (k - n * p) ** 2 / (n * p * (1 - p));
}
const Z2 = 1.959963984540054 ** 2;

async function checkAll(db: Db): Promise<void> {
  const known: KnownStudy = await createKnownStudy(db);
  await createEmptyStudy(db);

  // The list: newest first; sessions by stage and answers counted by hand from known-study.ts.
  const list = await listStudies(db);
  expect(list.map((s) => s.id)).toEqual(['empty-study', KNOWN_STUDY_ID]);
  expect(list[1]).toMatchObject({
    name: 'Known answers study',
    protocol: '2afc',
    status: 'open',
    methods: ['zhang', 'coherent'],
    sessions: { started: 5, completed: 3, screenedOut: 0, returned: 1, inProgress: 1 },
    // practice 5 x 2 + test 10 + 10 + 10 + 6 + 4 + attention 2 + 2 + 2 + 2
    responses: 58,
  });
  // p4's lastSeenAt (11:04) is the latest event.
  expect(list[1].lastActivity.toISOString()).toBe('2026-11-21T11:04:00.000Z');
  expect(list[0]).toMatchObject({ responses: 0, sessions: { started: 0 }, methods: ['zhang'] });
  expect(list[0].lastActivity.toISOString()).toBe('2026-11-25T09:00:00.000Z');

  // Progress per method.
  const progress = (await loadStudyProgress(db, KNOWN_STUDY_ID))!;
  expect(progress.images).toBe(14);
  expect(progress.config?.recruitment.platform).toBe('prolific');
  expect(progress.sessions).toEqual({ started: 5, completed: 3, screenedOut: 0, returned: 1, inProgress: 1 });
  expect(progress.byStage.filter((s) => s.count > 0)).toEqual([
    { stage: 'test', count: 1 },
    { stage: 'complete', count: 3 },
    { stage: 'returned', count: 1 },
  ]);
  expect(progress.methods.map((m) => [m.method, m.sessions.started, m.sessions.completed, m.testAnswered, m.testAnsweredCompleted, m.attentionAnswered])).toEqual([
    ['zhang', 2, 2, 20, 20, 0],
    ['coherent', 3, 1, 20, 10, 0],
    [ATTENTION, 0, 0, 0, 0, 8],
  ]);
  expect(progress.responses).toBe(58);
  expect(await loadStudyProgress(db, 'nope')).toBeNull();

  // Results.
  const results = (await loadStudyResults(db, KNOWN_STUDY_ID))!;
  expect(results.attentionThreshold).toBe(0.5);
  const a = results.analysis!;
  expect(a.totals).toMatchObject({ testTrials: 40, analysedTrials: 34, participants: 5, keptParticipants: 4, excludedParticipants: 1, participantsWithoutChecks: 1 });
  const [zhang, coherent] = a.methods;
  // zhang: p0 3/10 + p1 5/10. Wilson 95% for 8/20 from R: binom::binom.confint(8, 20, methods = "wilson") -> 0.2188, 0.6134.
  expect(zhang).toMatchObject({ method: 'zhang', trials: 20, participants: 2, images: 10, fooled: 8, foolingRate: 0.4 });
  expect(zhang.wilson!.lower).toBeCloseTo(0.2188, 4);
  expect(zhang.wilson!.upper).toBeCloseTo(0.6134, 4);
  // coherent: p2 4/10 + p4 1/4 (p3, 6/6, is excluded).
  expect(coherent).toMatchObject({ method: 'coherent', trials: 14, participants: 2, images: 10, fooled: 5 });
  expect(coherent.foolingRate).toBeCloseTo(5 / 14, 12);
  for (const limit of [coherent.wilson!.lower, coherent.wilson!.upper]) expect(scoreAt(5, 14, limit)).toBeCloseTo(Z2, 8);
  expect(coherent.wilson!.lower).toBeLessThan(5 / 14);
  expect(coherent.wilson!.upper).toBeGreaterThan(5 / 14);
  // The statistics module's further figures reach the page: R's binom.test(8, 20) gives the
  // Clopper-Pearson interval 0.1911901, 0.6394574 and the two-sided p-value 0.5034 against 0.5.
  expect(zhang.clopperPearson!.lower).toBeCloseTo(0.19119, 5);
  expect(zhang.clopperPearson!.upper).toBeCloseTo(0.63946, 5);
  expect(zhang.vsChance!.pValue).toBeCloseTo(0.5034, 4);
  expect(zhang.clusterBootstrap!.se).toBeGreaterThan(0);
  // The study's own rule and recorded seed, so `npm run stats -- --study ... --seed 7` reproduces it.
  expect(a.meta).toMatchObject({ seed: 7, attentionThreshold: 0.5 });

  // Exclusions and participants.
  const byKey = Object.fromEntries(Object.entries(known.participants).map(([key, id]) => [key, results.participants.find((p) => p.participant === id)!]));
  expect(byKey.p3).toMatchObject({ excluded: true, attentionTrials: 2, attentionCorrect: 0, source: 'mturk', stage: 'test', testTrials: 6, fooled: 6 });
  expect(byKey.p3.reason).toMatch(/0\/2 correct, below the threshold 0.5/);
  // 1 of 2 is not below 0.5: kept.
  expect(byKey.p1).toMatchObject({ excluded: false, attentionAccuracy: 0.5, fooled: 5, testTrials: 10, foolingRate: 0.5 });
  expect(byKey.p4).toMatchObject({ excluded: false, attentionTrials: 0, attentionAccuracy: null, stage: 'returned' });
  expect(byKey.p4.reason).toMatch(/no attention trials/);
  // p0's test trials are trial indexes 2..11, rtMs 500 + 10 * index: 520..610, median (560 + 570) / 2.
  expect(byKey.p0).toMatchObject({ medianRtMs: 565, source: 'prolific', stage: 'complete', session: 0, methods: ['zhang'] });
  expect(byKey.p0.completedAt?.toISOString()).toBe('2026-11-21T11:00:00.000Z');

  // Per image (kept participants only).
  const image = (name: string) => a.images.find((i) => i.image === name)!;
  expect(image('img01')).toMatchObject({ trials: 4, fooled: 4 });
  expect(image('img02')).toMatchObject({ trials: 4, fooled: 2 });
  expect(image('img05')).toMatchObject({ trials: 3, fooled: 1, byMethod: [{ method: 'zhang', trials: 2, fooled: 1 }, { method: 'coherent', trials: 1, fooled: 0 }] });
  expect(image('img10')).toMatchObject({ trials: 3, fooled: 0 });
  expect(a.images.map((i) => i.image)).not.toContain('img11');

  // Metrics: numbers only; unreadable JSON is no metrics.
  expect(results.metrics).toEqual([
    { method: 'zhang', values: { auc: 0.891, psnr: 23.4, ssim: 0.93 } },
    { method: 'coherent', values: null },
  ]);
  expect(results.metricColumns.map((c) => c.key)).toEqual(['auc', 'psnr', 'ssim']);
  // evaluate's baselines, stored beside zhang's numbers, come back as rows of their own.
  expect(results.metricBaselines).toEqual([
    { method: 'grayscale', values: { auc: 0.888, psnr: 22.6 } },
    { method: 'constant', values: { auc: 0.886 } },
  ]);

  // Gallery: zhang's best photo (img01, 2/2), coherent's best other one (img08, 1/1, first of the ties), then by name.
  expect(results.gallery.map((g) => g.image)).toEqual(['img01', 'img08', 'img02', 'img03']);
  const first = results.gallery[0];
  expect(first.cells.map((c) => [c.method, c.trials, c.fooled, c.abAssetId !== null])).toEqual([
    ['zhang', 2, 2, true],
    ['coherent', 2, 2, false],
    [ATTENTION, 0, 0, false],
  ]);
  for (const id of [first.realAssetId, ...first.cells.map((c) => c.assetId)]) expect(known.assetIds).toContain(id);

  // The empty study: friendly, no figures, an attention rule despite an unreadable config.
  const empty = (await loadStudyResults(db, 'empty-study'))!;
  expect(empty.analysis).toBeNull();
  expect(empty.emptyReason).toMatch(/No answers yet/);
  expect(empty.config).toBeNull();
  // An unreadable config falls back to the config schema's own default rule.
  expect(empty.attentionThreshold).toBe(StudyConfigSchema.shape.attention.parse(undefined).minAccuracy);
  expect(empty.gallery).toEqual([]);
  expect(await loadStudyResults(db, 'nope')).toBeNull();
}

describe('results queries on SQLite', () => {
  let dir: string;
  let db: Db;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'results-'));
    db = await openDatabase(resolveDatabase(path.join(dir, 'studies.db')));
  });
  afterAll(async () => {
    await db?.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('count, rate and exclude as worked out by hand', async () => {
    await checkAll(db);
  });
});

describe.skipIf(postgresSkipReason)('results queries on PostgreSQL', () => {
  it('give the same figures', async () => {
    const { url, drop } = await createTestDatabase();
    const db = await openDatabase(resolveDatabase(url));
    try {
      await checkAll(db);
    } finally {
      await db.$disconnect();
      await drop();
    }
  });
});
