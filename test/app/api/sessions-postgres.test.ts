/**
 * The participant path over HTTP on PostgreSQL: `npm start`'s server whose DATABASE_URL is a
 * PostgreSQL database, and simulated participants starting and answering concurrently
 * through the real endpoints. Every confirmed answer must be in the database, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../app/lib/db/client';
import { resolveDatabase } from '../../../app/lib/db/url';
import { DEFAULT_BEHAVIOUR } from '../../../app/lib/simulate/behaviour';
import { runSimulation } from '../../../app/lib/simulate/run';
import { startServer, type TestServer } from '../../helpers/next-server';
import { createTestDatabase, postgresSkipReason } from '../../helpers/postgres';
import { createFixtureStudy, type FixtureStudy } from '../../helpers/study-fixture';

describe.skipIf(!!postgresSkipReason)('participant API over HTTP on PostgreSQL', () => {
  let drop: () => Promise<void>;
  let db: Db;
  let server: TestServer;
  let fixture: FixtureStudy;
  beforeAll(async () => {
    const created = await createTestDatabase();
    drop = created.drop;
    db = await openDatabase(resolveDatabase(created.url));
    fixture = await createFixtureStudy(db, { id: 'pg', methods: ['alpha', 'beta'] });
    server = await startServer({ DATABASE_URL: created.url, ADMIN_PASSWORD: 'pg-admin-password' });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.$disconnect();
    await fixture?.cleanup();
    await drop?.();
  });

  it('stores every answer of concurrent participants once, with balanced methods', async () => {
    const summary = await runSimulation({
      baseUrl: server.url,
      studyId: 'pg',
      participants: 8,
      concurrency: 8,
      seed: 3,
      behaviour: { ...DEFAULT_BEHAVIOUR, fool: { alpha: 0, beta: 1 }, attentionAccuracy: 1 },
      db,
      adminPassword: 'pg-admin-password',
    });
    expect(summary.errors).toEqual([]);
    expect(summary.completed).toBe(8);
    expect(summary.responsesSent).toBe(8 * 12);
    expect(summary.responsesStored).toBe(8 * 12);
    const sessions = await db.session.findMany({ where: { studyId: 'pg' }, include: { method: true, trials: { include: { response: true } } } });
    expect(sessions.map((s) => s.ordinal).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(sessions.filter((s) => s.method!.name === 'alpha')).toHaveLength(4);
    for (const s of sessions) {
      for (const t of s.trials) expect(t.response!.correct).toBe(t.kind === 'attention' || s.method!.name === 'alpha');
    }
  });
});
