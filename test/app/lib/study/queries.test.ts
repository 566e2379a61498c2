import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../app/lib/db/client';
import { resolveDatabase } from '../../../../app/lib/db/url';
import { ATTENTION_METHOD_NAME } from '../../../../app/lib/study/create';
import { getAsset, getStudy, listStudies } from '../../../../app/lib/study/queries';
import { createFixtureStudy, type FixtureStudy } from '../../../helpers/study-fixture';

describe('study queries', () => {
  let dir: string;
  let db: Db;
  let first: FixtureStudy;
  let second: FixtureStudy;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'study-queries-'));
    db = await openDatabase(resolveDatabase(path.join(dir, 'studies.db')));
    first = await createFixtureStudy(db, { id: 'first', images: 12, methods: ['only'] });
    second = await createFixtureStudy(db, { id: 'second', images: 14, config: { session: { assignment: 'mixed' } } });
  });
  afterAll(async () => {
    await first?.cleanup();
    await second?.cleanup();
    await db?.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('getStudy returns the stored config, methods in order and the image count', async () => {
    const study = await getStudy(db, 'second');
    expect(study).toMatchObject({ id: 'second', protocol: '2afc', status: 'open', seed: 7, images: 14 });
    expect(study!.config).toEqual(second.config);
    expect(study!.config.session.assignment).toBe('mixed');
    expect(study!.methods.map((m) => [m.name, m.kind, m.position, m.metrics])).toEqual([
      ['alpha', 'method', 0, null],
      ['beta', 'method', 1, null],
      [ATTENTION_METHOD_NAME, 'attention', 2, null],
    ]);
    expect(await getStudy(db, 'none')).toBeNull();
  });

  it('listStudies counts images, methods and sessions (started and completed)', async () => {
    for (const [i, stage] of ['complete', 'test', 'complete'].entries()) {
      const participant = await db.participant.create({ data: { studyId: 'first', source: 'direct', externalId: `p${i}` } });
      await db.session.create({ data: { id: `tok${i}`, studyId: 'first', participantId: participant.id, ordinal: i, seed: i, rotation: i, stage, recruitment: '{}' } });
    }
    const list = await listStudies(db);
    expect(list.map((s) => [s.id, s.images, s.methods, s.sessions])).toEqual(
      expect.arrayContaining([
        ['first', 12, ['only'], { started: 3, completed: 2 }],
        ['second', 14, ['alpha', 'beta'], { started: 0, completed: 0 }],
      ]),
    );
    expect(list).toHaveLength(2);
  });

  it('getAsset returns bytes only within the asset\'s own study', async () => {
    const image = await db.image.findFirstOrThrow({ where: { studyId: 'first' }, include: { realAsset: true } });
    const asset = await getAsset(db, 'first', image.realAssetId);
    expect(asset).toMatchObject({ mime: 'image/jpeg', sha256: image.realAsset.sha256 });
    expect(Buffer.from(asset!.bytes).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8])); // JPEG SOI marker
    expect(await getAsset(db, 'second', image.realAssetId)).toBeNull();
  });
});
