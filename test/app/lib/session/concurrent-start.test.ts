/**
 * Starts racing without the in-process lock, so that only the unique constraints and the
 * retry keep ordinals unique and methods balanced. PostgreSQL: two clients (separate
 * connections, as two server processes would have). SQLite: one client, whose reads
 * interleave with the other starts' transactions (two better-sqlite3 connections in one
 * process would deadlock: a synchronous busy wait blocks the event loop the lock holder needs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../app/lib/db/client';
import { resolveDatabase } from '../../../../app/lib/db/url';
import { startSession } from '../../../../app/lib/session/start';
import { createTestDatabase, postgresSkipReason } from '../../../helpers/postgres';
import { createFixtureStudy, type FixtureStudy } from '../../../helpers/study-fixture';
import { tempSqlite, type TempDb } from './temp-db';

async function checkConcurrentStarts(clients: Db[]): Promise<void> {
  const n = 24;
  const results = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      startSession(clients[i % clients.length], 'race', { source: 'prolific', externalId: `p${i % 20}`, recruitment: {} }, { serialize: false }),
    ),
  );
  // 20 distinct people; the 4 repeated ids got their first session back.
  expect(new Set(results.map((r) => r.token)).size).toBe(20);
  const sessions = await clients[0].session.findMany({ where: { studyId: 'race' }, select: { ordinal: true, methodId: true } });
  expect(sessions.map((s) => s.ordinal).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  const per = new Map<string, number>();
  for (const s of sessions) per.set(s.methodId!, (per.get(s.methodId!) ?? 0) + 1);
  expect([...per.values()].sort()).toEqual([10, 10]);
  expect(await clients[0].trial.count({ where: { session: { studyId: 'race' } } })).toBe(20 * 12);
}

describe('concurrent starts without the lock, SQLite', () => {
  let t: TempDb;
  let fixture: FixtureStudy;
  beforeAll(async () => {
    t = await tempSqlite();
    fixture = await createFixtureStudy(t.db, { id: 'race' });
  });
  afterAll(async () => {
    await fixture?.cleanup();
    await t?.close();
  });

  it('keeps ordinals unique and methods balanced', async () => {
    await checkConcurrentStarts([t.db]);
  });
});

describe.skipIf(!!postgresSkipReason)('concurrent starts from two connections, PostgreSQL', () => {
  let drop: () => Promise<void>;
  let clients: Db[] = [];
  let fixture: FixtureStudy;
  beforeAll(async () => {
    const created = await createTestDatabase();
    drop = created.drop;
    clients = [await openDatabase(resolveDatabase(created.url)), await openDatabase(resolveDatabase(created.url))];
    fixture = await createFixtureStudy(clients[0], { id: 'race' });
  });
  afterAll(async () => {
    await fixture?.cleanup();
    for (const c of clients) await c.$disconnect();
    await drop?.();
  });

  it('keeps ordinals unique and methods balanced', async () => {
    await checkConcurrentStarts(clients);
  });
});
