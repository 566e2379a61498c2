import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../app/lib/db/client';
import { resolveDatabase } from '../../../../app/lib/db/url';
import { StudyNotFoundError, loadTrialRows, parseTiming } from '../../../../app/lib/trials/from-db';
import { fromCsv, toCsv } from '../../../../app/lib/trials/csv';
import { createTestDatabase, postgresSkipReason } from '../../../helpers/postgres';

/** A small 2AFC study: two participants, one with a practice, a test, an attention and an unanswered trial. */
async function seedStudy(db: Db): Promise<void> {
  const study = await db.study.create({ data: { id: 'demo', name: 'Demo', protocol: '2afc', config: '{}', seed: 1 } });
  const asset = await db.asset.create({
    data: { studyId: study.id, sha256: 'cd'.repeat(32), mime: 'image/jpeg', width: 2, height: 2, bytes: Buffer.from([0]) },
  });
  const zhang = await db.method.create({ data: { studyId: study.id, name: 'zhang', kind: 'method', position: 0 } });
  const check = await db.method.create({ data: { studyId: study.id, name: 'random-colours', kind: 'attention', position: 1 } });
  const img1 = await db.image.create({ data: { studyId: study.id, name: 'kodim01', realAssetId: asset.id } });
  const img2 = await db.image.create({ data: { studyId: study.id, name: 'kodim02', realAssetId: asset.id } });
  // Created in reverse ordinal order: the rows must still come out by session ordinal.
  for (const ordinal of [1, 0]) {
    const participant = await db.participant.create({ data: { studyId: study.id, source: 'prolific', externalId: `PROLIFIC-${ordinal}` } });
    const session = await db.session.create({
      data: { id: `token-${ordinal}`, studyId: study.id, participantId: participant.id, ordinal, seed: 9, rotation: ordinal, stage: 'test', recruitment: '{}' },
    });
    const plan = [
      { index: 0, kind: 'practice', imageId: img1.id, methodId: zhang.id, realSide: 'left', choice: 'right', timing: '{"firstOnsetMs":16.6,"firstOffsetMs":1016.6,"secondOnsetMs":1616.6,"secondOffsetMs":2616.6,"optionsOnsetMs":2616.6}' },
      { index: 1, kind: 'test', imageId: img2.id, methodId: zhang.id, realSide: 'right', choice: 'right', timing: 'not json' },
      { index: 2, kind: 'attention', imageId: img1.id, methodId: check.id, realSide: 'left', choice: 'right', timing: '{"optionsOnsetMs":"soon"}' },
      { index: 3, kind: 'test', imageId: img1.id, methodId: zhang.id, realSide: 'left', choice: null, timing: '' },
    ];
    for (const t of plan) {
      const trial = await db.trial.create({
        data: { sessionId: session.id, index: t.index, kind: t.kind, imageId: t.imageId, methodId: t.methodId, realSide: t.realSide, exposureMs: 1000, servedAt: t.index === 0 ? new Date(Date.UTC(2026, 10, 26, 11, 59, 58)) : null },
      });
      if (t.choice) {
        await db.response.create({
          data: {
            trialId: trial.id,
            choice: t.choice,
            correct: t.choice !== t.realSide,
            rtMs: 500 + 10 * t.index + ordinal,
            timing: t.timing,
            createdAt: new Date(Date.UTC(2026, 10, 26, 12, ordinal, t.index)),
          },
        });
      }
    }
  }
}

async function checkLoads(db: Db): Promise<void> {
  await seedStudy(db);
  const rows = await loadTrialRows(db, 'demo');
  expect(rows.map((r) => [r.session, r.trialIndex, r.kind])).toEqual([
    [0, 0, 'practice'], [0, 1, 'test'], [0, 2, 'attention'],
    [1, 0, 'practice'], [1, 1, 'test'], [1, 2, 'attention'],
  ]);
  const participants = await db.participant.findMany({ orderBy: { externalId: 'asc' } });
  const first = rows[0];
  expect(first).toEqual({
    study: 'demo', protocol: '2afc', participant: participants[0].id, session: 0, trialIndex: 0, kind: 'practice',
    method: 'zhang', image: 'kodim01', realSide: 'left', showsReal: null, choice: 'right', correct: true, fooled: false,
    rtMs: 500, exposureMs: 1000, firstOnsetMs: 16.6, firstOffsetMs: 1016.6, secondOnsetMs: 1616.6, secondOffsetMs: 2616.6,
    optionsOnsetMs: 2616.6, respondedAt: '2026-11-26T12:00:00.000Z', servedAt: '2026-11-26T11:59:58.000Z', source: 'prolific',
    focusLosses: null, fullscreenExits: null,
  });
  expect(rows[1].servedAt).toBeNull();
  // Only the sessions of the sources asked for.
  expect(await loadTrialRows(db, 'demo', ['prolific'])).toEqual(rows);
  expect(await loadTrialRows(db, 'demo', ['simulated', 'preview'])).toEqual([]);
  // Picked the real (right) photo as fake: fooled.
  expect(rows[1]).toMatchObject({ choice: 'right', realSide: 'right', correct: false, fooled: true, firstOnsetMs: null });
  expect(rows[2]).toMatchObject({ method: 'random-colours', fooled: false, optionsOnsetMs: null });
  // Pseudonymous: neither recruitment ids nor session tokens leave the database.
  const text = toCsv(rows);
  expect(text).not.toMatch(/PROLIFIC|token-/);
  expect(fromCsv(text)).toEqual(rows);
  await expect(loadTrialRows(db, 'nope')).rejects.toThrow(StudyNotFoundError);
  await expect(loadTrialRows(db, 'nope')).rejects.toThrow('no study with id "nope"');
  // A withdrawn participant's answers are never rows; the focus and full-screen records are.
  const withdrawn = await db.session.findFirstOrThrow({ where: { ordinal: 1 } });
  await db.session.update({ where: { id: withdrawn.id }, data: { stage: 'withdrawn', withdrawnAt: new Date() } });
  const firstAnswer = await db.trial.findFirstOrThrow({ where: { session: { ordinal: 0 }, index: 0 } });
  await db.response.update({ where: { trialId: firstAnswer.id }, data: { focusLosses: 3, fullscreenExits: 1 } });
  const kept = await loadTrialRows(db, 'demo');
  expect(kept.map((r) => r.session)).toEqual([0, 0, 0]);
  expect(kept[0]).toMatchObject({ focusLosses: 3, fullscreenExits: 1 });
  await db.session.update({ where: { id: withdrawn.id }, data: { stage: withdrawn.stage, withdrawnAt: null } });
  await db.response.update({ where: { trialId: firstAnswer.id }, data: { focusLosses: null, fullscreenExits: null } });
}

describe('loadTrialRows on SQLite', () => {
  let dir: string;
  let db: Db;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'trials-db-'));
    db = await openDatabase(resolveDatabase(path.join(dir, 'studies.db')));
  });
  afterAll(async () => {
    await db?.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports answered trials in session order with the documented columns', async () => {
    await checkLoads(db);
  });

  it('refuses to export a response that contradicts its trial', async () => {
    const trial = await db.trial.findFirstOrThrow({ where: { session: { ordinal: 1 }, index: 1 } });
    await db.response.update({ where: { trialId: trial.id }, data: { correct: true } });
    await expect(loadTrialRows(db, 'demo')).rejects.toThrow(/study "demo", session 1, trial 1: correct is true but choice "right" with realSide "right" means false/);
  });
});

describe.skipIf(postgresSkipReason)('loadTrialRows on PostgreSQL', () => {
  it('exports the same rows', async () => {
    const { url, drop } = await createTestDatabase();
    const db = await openDatabase(resolveDatabase(url));
    try {
      await checkLoads(db);
    } finally {
      await db.$disconnect();
      await drop();
    }
  });
});

describe('parseTiming', () => {
  it('keeps finite numbers under the column names and makes everything else null', () => {
    expect(parseTiming('{"firstOnsetMs":1.5,"secondOnsetMs":null,"optionsOnsetMs":"x","other":3}')).toEqual({
      firstOnsetMs: 1.5, firstOffsetMs: null, secondOnsetMs: null, secondOffsetMs: null, optionsOnsetMs: null,
    });
    expect(parseTiming('[1,2]').firstOnsetMs).toBeNull();
    expect(parseTiming(null).optionsOnsetMs).toBeNull();
  });
});
