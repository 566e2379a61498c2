/**
 * The leak crawl of issue 14 against `npm start`'s server: sessions of two methods, every
 * image fetched as a browser would. The bytes the server stored (what it used to send) give
 * the real photo away by hash; what it sends now repeats no hash across sessions, and both
 * images of a trial have the same length and headers.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../app/lib/db/client';
import { resolveDatabase } from '../../../app/lib/db/url';
import { databaseTruth } from '../../../app/lib/simulate/truth';
import { crawlSession } from '../../../app/lib/stimuli/leak-crawl';
import { leakFigures, type CrawledImage } from '../../../app/lib/stimuli/leak-figures';
import { startServer, type TestServer } from '../../helpers/next-server';
import { createFixtureStudy, type FixtureStudy } from '../../helpers/study-fixture';

describe('served stimuli over HTTP', () => {
  let dir: string;
  let db: Db;
  let server: TestServer;
  let fixture: FixtureStudy;

  /** The stored file of a crawled image: what the image route sent before per-session copies. */
  const storedBytes = async (image: CrawledImage): Promise<Uint8Array> => {
    const trial = await db.trial.findFirstOrThrow({ where: { sessionId: image.session, index: image.trial }, select: { imageId: true, methodId: true } });
    if (image.real) return (await db.image.findUniqueOrThrow({ where: { id: trial.imageId }, select: { realAsset: { select: { bytes: true } } } })).realAsset.bytes;
    return (await db.stimulus.findUniqueOrThrow({ where: { imageId_methodId: trial }, select: { asset: { select: { bytes: true } } } })).asset.bytes;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ct-api-leaks-'));
    const file = path.join(dir, 'studies.db');
    db = await openDatabase(resolveDatabase(file));
    fixture = await createFixtureStudy(db, { id: 'leaks', config: { recruitment: { platform: 'direct' } } });
    server = await startServer({ DATABASE_URL: file });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.$disconnect();
    await fixture?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends copies whose hashes never repeat across sessions and whose lengths and headers are equal within a trial', async () => {
    const truth = databaseTruth(db);
    const images: CrawledImage[] = [];
    // Balanced assignment alternates the methods: two sessions of each.
    for (let i = 0; i < 4; i++) images.push(...(await crawlSession(server.url, 'leaks', {}, truth)));
    const testMethods = new Set(images.map((i) => i.method).filter((m) => m !== fixture.attentionMethod));
    expect([...testMethods].sort()).toEqual(['alpha', 'beta']);
    expect(new Set(images.map((i) => i.session)).size).toBe(4);

    const stored = await Promise.all(
      images.map(async (image) => {
        const bytes = await storedBytes(image);
        return { ...image, sha256: createHash('sha256').update(bytes).digest('hex'), length: bytes.length };
      }),
    );
    const before = leakFigures(stored);
    expect(before.repeatedHashes).toBeGreaterThan(10);
    expect(before.repeatedReal).toBe(before.repeatedHashes);

    const after = leakFigures(images);
    expect(after).toMatchObject({ images: 96, repeatedHashes: 0, pairs: 48, unequalLength: 0, unequalHeaders: 0 });
    expect(new Set(images.map((i) => i.sha256)).size).toBe(images.length);
    // Every image of the study has the same length, so single-image trials cannot be compared by size either.
    expect(new Set(images.map((i) => i.length)).size).toBe(1);
    expect(images[0].headers).toMatch(/content-type: image\/png/);
  });

  it('sends the stored picture: every copy decodes to the stored pixels within one level', async () => {
    const copies: Array<[CrawledImage, Buffer]> = [];
    await crawlSession(server.url, 'leaks', {}, databaseTruth(db), (image, bytes) => copies.push([image, bytes]));
    expect(copies.length).toBe(24);
    for (const [image, bytes] of copies) {
      const original = await sharp(await storedBytes(image)).raw().toBuffer();
      const served = await sharp(bytes).raw().toBuffer();
      expect(served.length).toBe(original.length);
      let largest = 0;
      for (let i = 0; i < served.length; i++) largest = Math.max(largest, Math.abs(served[i] - original[i]));
      expect(largest).toBe(1);
    }
  });
});
