import { copyFileSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../app/lib/db/client';
import { resolveDatabase } from '../../../../app/lib/db/url';
import { parseStudyConfig, type StudyConfig, type StudyConfigInput } from '../../../../app/lib/study/config';
import { ATTENTION_METHOD_NAME, StudyExistsError, StudyHasDataError, StudyImportError, createStudy } from '../../../../app/lib/study/create';
import { createTestDatabase, postgresSkipReason } from '../../../helpers/postgres';
import { createFixtureStudy, writeFixtureFolders, type FixtureFolders } from '../../../helpers/study-fixture';

/** Row counts of everything a study owns, for "nothing changed" checks. */
async function counts(db: Db) {
  return {
    studies: await db.study.count(),
    methods: await db.method.count(),
    images: await db.image.count(),
    assets: await db.asset.count(),
    stimuli: await db.stimulus.count(),
  };
}

function configOf(folders: FixtureFolders, patch: Partial<StudyConfigInput> = {}): StudyConfig {
  return parseStudyConfig({ ...folders.configInput, ...patch }, folders.dir, folders.configFile);
}

/** The checks shared by SQLite and PostgreSQL: a fixture study's rows, replace, and rollback. */
async function checkCreateReplaceRollback(db: Db): Promise<void> {
  const fixture = await createFixtureStudy(db, { id: 'shared' });
  try {
    const { summary } = fixture.result;
    expect(summary).toMatchObject({
      studyId: 'shared',
      images: 16,
      methods: ['alpha', 'beta'],
      trialsPerSession: { practice: 2, qualification: 0, test: 8, attention: 2, total: 12 },
      // one-method: 2 methods x 16 photos / gcd(16, 8) = 4 sessions
      sessionsForBalance: 4,
      participantPath: '/s/shared',
      resultsPath: '/admin/studies/shared',
    });
    const study = await db.study.findUniqueOrThrow({
      where: { id: 'shared' },
      include: { methods: { orderBy: { position: 'asc' } }, images: { include: { stimuli: true } } },
    });
    expect(JSON.parse(study.config)).toEqual(JSON.parse(JSON.stringify(fixture.config)));
    expect(study.methods.map((m) => [m.name, m.kind, m.position])).toEqual([
      ['alpha', 'method', 0],
      ['beta', 'method', 1],
      [ATTENTION_METHOD_NAME, 'attention', 2],
    ]);
    expect(study.images.map((i) => i.name).sort()).toEqual(fixture.imageNames);
    // Every image has one stimulus per method, the attention check included.
    for (const image of study.images) expect(image.stimuli).toHaveLength(3);
    // 16 reals + 16 x 2 colorizations + 16 attention images, all distinct.
    expect(await counts(db)).toMatchObject({ studies: 1, images: 16, assets: 64, stimuli: 48 });
    const asset = await db.asset.findFirstOrThrow({ where: { studyId: 'shared' } });
    expect(await sharp(Buffer.from(asset.bytes)).metadata()).toMatchObject({ format: 'jpeg', width: 64, height: 64 });

    // A failure while writing (injected from the progress callback, mid-way through the
    // asset batches) rolls back everything, the deletion of the old study included.
    const before = await counts(db);
    const oldIds = (await db.asset.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((a) => a.id);
    await expect(
      createStudy(db, fixture.config, {
        replace: true,
        onProgress: (p) => {
          if (p.phase === 'write' && p.done > 0) throw new Error('injected failure');
        },
      }),
    ).rejects.toThrow('injected failure');
    expect(await counts(db)).toEqual(before);
    expect((await db.asset.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((a) => a.id)).toEqual(oldIds);

    // --replace swaps the study in one go: same counts, new rows.
    const again = await createStudy(db, fixture.config, { replace: true });
    expect(again.replaced).toBe(true);
    expect(await counts(db)).toEqual(before);
    const newIds = (await db.asset.findMany({ select: { id: true } })).map((a) => a.id);
    expect(newIds.some((id) => oldIds.includes(id))).toBe(false);

    // Without --replace the id is refused before any image is read.
    await expect(createStudy(db, fixture.config)).rejects.toThrow(StudyExistsError);
    await expect(createStudy(db, fixture.config)).rejects.toThrow('a study with id "shared" already exists');

    // Once participants have answered, --replace alone refuses (their data would go) ...
    const image = await db.image.findFirstOrThrow({ where: { studyId: 'shared' }, include: { stimuli: true } });
    const participant = await db.participant.create({ data: { studyId: 'shared', source: 'direct', externalId: 'p1' } });
    const session = await db.session.create({
      data: { id: 'token-1', studyId: 'shared', participantId: participant.id, ordinal: 0, seed: 1, rotation: 0, stage: 'test', recruitment: '{}' },
    });
    const trial = await db.trial.create({
      data: { sessionId: session.id, index: 0, kind: 'test', imageId: image.id, methodId: image.stimuli[0].methodId, realSide: 'left' },
    });
    await db.response.create({ data: { trialId: trial.id, choice: 'right', correct: true, rtMs: 800, timing: '{}' } });
    const answered = await counts(db);
    const refusal = await createStudy(db, fixture.config, { replace: true }).catch((e) => e);
    expect(refusal).toBeInstanceOf(StudyHasDataError);
    expect(refusal.message).toBe(
      'study "shared" already has 1 session(s) and 1 response(s), which --replace would delete: ' +
        'export them first (results page), then add --delete-responses to replace it anyway',
    );
    expect(await counts(db)).toEqual(answered);
    // ... and with deleteResponses it replaces the study and its sessions together.
    await createStudy(db, fixture.config, { replace: true, deleteResponses: true });
    expect(await counts(db)).toEqual(before);
    expect([await db.session.count(), await db.response.count(), await db.participant.count()]).toEqual([0, 0, 0]);

    // Two imports of one new id at once: both pass the early check, one commits, the other
    // meets the unique id when writing and is refused the same way, leaving one copy.
    const twin = { ...fixture.config, id: 'twin' };
    const outcomes = await Promise.allSettled([createStudy(db, twin), createStudy(db, twin)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(StudyExistsError);
    expect(await db.image.count({ where: { studyId: 'twin' } })).toBe(16);
  } finally {
    await fixture.cleanup();
  }
}

describe('createStudy on SQLite', () => {
  let dir: string;
  let db: Db;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'study-create-'));
    db = await openDatabase(resolveDatabase(path.join(dir, 'studies.db')));
  });
  afterAll(async () => {
    await db?.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a fixture study, rolls back an injected failure, replaces, refuses a taken id', async () => {
    await checkCreateReplaceRollback(db);
  });

  it('leaves nothing behind when the last image is corrupt, and keeps the study it would replace', async () => {
    const folders = await writeFixtureFolders({ id: 'shared' });
    try {
      // Last by name, so every other image is processed first.
      writeFileSync(path.join(folders.dir, 'beta', 'photo16.png'), Buffer.from('not an image at all'));
      const before = await counts(db);
      const error = await createStudy(db, configOf(folders), { replace: true }).catch((e) => e);
      expect(error).toBeInstanceOf(StudyImportError);
      expect(error.message).toBe(`${path.join(folders.dir, 'beta', 'photo16.png')}: cannot read this image (Input file contains unsupported image format)`);
      expect(await counts(db)).toEqual(before);
      const fresh = await createStudy(db, configOf(folders, { id: 'fresh' })).catch((e) => e);
      expect(fresh).toBeInstanceOf(StudyImportError);
      expect(await db.study.findUnique({ where: { id: 'fresh' } })).toBeNull();
    } finally {
      rmSync(folders.dir, { recursive: true, force: true });
    }
  });

  it('writes nothing on a dry run but reports the same summary', async () => {
    const folders = await writeFixtureFolders({ id: 'dry' });
    try {
      const before = await counts(db);
      const result = await createStudy(db, configOf(folders), { dryRun: true });
      expect(result.dryRun).toBe(true);
      expect(result.summary).toMatchObject({ studyId: 'dry', images: 16, assets: 64 });
      expect(await counts(db)).toEqual(before);
    } finally {
      rmSync(folders.dir, { recursive: true, force: true });
    }
  });

  it('stores identical bytes once and warns when a method is the real photo', async () => {
    const folders = await writeFixtureFolders({ id: 'dedup', images: 12, methods: ['copy'] });
    try {
      // "copy" holds the real photos themselves: every stimulus shares its real photo's asset.
      for (const name of folders.imageNames) {
        unlinkSync(path.join(folders.dir, 'copy', `${name}.jpg`));
        copyFileSync(path.join(folders.dir, 'real', `${name}.png`), path.join(folders.dir, 'copy', `${name}.png`));
      }
      const result = await createStudy(db, configOf(folders));
      expect(result.warnings).toContain(
        `method "copy": 12 image(s) are identical to the real photo after import: ${folders.imageNames.slice(0, 10).join(', ')} and 2 more`,
      );
      // 12 reals (shared with "copy") + 12 attention images.
      expect(await db.asset.count({ where: { studyId: 'dedup' } })).toBe(24);
      const images = await db.image.findMany({
        where: { studyId: 'dedup' },
        include: { stimuli: { include: { method: true } } },
      });
      for (const image of images) {
        const copy = image.stimuli.find((s) => s.method.name === 'copy')!;
        expect(copy.assetId).toBe(image.realAssetId);
      }
    } finally {
      rmSync(folders.dir, { recursive: true, force: true });
    }
  });
  it('stores ab-only views as Stimulus.abAssetId and metrics as Method.metrics', async () => {
    const folders = await writeFixtureFolders({ id: 'extras', images: 12 });
    try {
      writeFileSync(path.join(folders.dir, 'metrics.json'), JSON.stringify({ auc: 0.9, psnr: 24 }));
      const result = await createStudy(
        db,
        configOf(folders, { methods: [{ name: 'alpha', dir: 'alpha', abDir: 'beta', metrics: 'metrics.json' }] }),
      );
      expect(result.summary.methods).toEqual(['alpha']);
      const alpha = await db.method.findFirstOrThrow({ where: { studyId: 'extras', name: 'alpha' }, include: { stimuli: true } });
      expect(JSON.parse(alpha.metrics!)).toEqual({ auc: 0.9, psnr: 24 });
      expect(alpha.stimuli).toHaveLength(12);
      for (const s of alpha.stimuli) {
        expect(s.abAssetId).not.toBeNull();
        expect(s.abAssetId).not.toBe(s.assetId);
      }
      const attention = await db.stimulus.findMany({ where: { method: { studyId: 'extras', kind: 'attention' } } });
      expect(attention.map((s) => s.abAssetId)).toEqual(new Array(12).fill(null));
    } finally {
      rmSync(folders.dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(postgresSkipReason)('createStudy on PostgreSQL', () => {
  it('imports, rolls back, replaces and refuses a taken id as on SQLite', async () => {
    const { url, drop } = await createTestDatabase();
    const db = await openDatabase(resolveDatabase(url));
    try {
      await checkCreateReplaceRollback(db);
    } finally {
      await db.$disconnect();
      await drop();
    }
  });
});
