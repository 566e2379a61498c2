/**
 * PostgreSQL's batched statements (direct-postgres.ts) where one turn's batch holds what
 * the flow tests cannot line up on purpose: both image slots of one trial marked in one
 * statement (no bit lost), and an answer decided at a stage the session has since left (a
 * withdrawal in between) kept out, with the answers of the same batch that still fit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, sharedPostgres, type Db } from '../../../../app/lib/db/client';
import { resolveDatabase } from '../../../../app/lib/db/url';
import { insertResponsePostgres, markImageServedPostgres } from '../../../../app/lib/session/direct-postgres';
import type { NewResponse } from '../../../../app/lib/session/direct-sqlite';
import { advanceStage } from '../../../../app/lib/session/stages';
import { startSession } from '../../../../app/lib/session/start';
import { seededRandom } from '../../../../app/lib/random';
import { browserCheck } from '../../../../app/lib/trial-types/browser-check';
import { createTestDatabase, postgresSkipReason } from '../../../helpers/postgres';
import { createFixtureStudy, type FixtureStudy } from '../../../helpers/study-fixture';

const desktop = browserCheck.simulate({ minWindow: { width: 800, height: 600 } }, null, { desktop: true }, seededRandom(1));

describe.skipIf(!!postgresSkipReason)('PostgreSQL batched statements', () => {
  let drop: () => Promise<void>;
  let db: Db;
  let fixture: FixtureStudy;
  let n = 0;
  const session = async () => {
    const { token } = await startSession(db, 'batch', { source: 'prolific', externalId: `batch-${n++}`, recruitment: {} });
    await advanceStage(db, token, { from: 'consent', consent: true });
    await advanceStage(db, token, { from: 'instructions', check: desktop });
    const trial = await db.trial.findFirstOrThrow({ where: { sessionId: token, index: 0 } });
    return { token, trialId: trial.id };
  };
  const response = (trialId: string): NewResponse => ({
    trialId,
    choice: 'left',
    correct: true,
    rtMs: 700,
    timing: '{}',
    clientSentAt: null,
    focusLosses: 4,
    fullscreenExits: null,
    createdAt: new Date(),
  });

  beforeAll(async () => {
    const created = await createTestDatabase();
    drop = created.drop;
    db = await openDatabase(resolveDatabase(created.url));
    fixture = await createFixtureStudy(db, { id: 'batch' });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await fixture?.cleanup();
    await drop?.();
  });

  it('marks both image slots of a trial sent in one turn', async () => {
    const { trialId } = await session();
    const pool = sharedPostgres(db)!;
    await Promise.all([markImageServedPostgres(pool, trialId, 0), markImageServedPostgres(pool, trialId, 1), markImageServedPostgres(pool, trialId, 0)]);
    expect((await db.trial.findUniqueOrThrow({ where: { id: trialId } })).imagesServed).toBe(0b11);
  });

  it("stores no answer decided at a stage its session has left, and the batch's other answers with their focus records", async () => {
    const pool = sharedPostgres(db)!;
    const [left, stays] = [await session(), await session()];
    await db.session.update({ where: { id: left.token }, data: { stage: 'withdrawn', withdrawnAt: new Date() } });
    const stored = await Promise.all([
      insertResponsePostgres(pool, response(left.trialId), left.token, 'practice', 'practice'),
      insertResponsePostgres(pool, response(stays.trialId), stays.token, 'practice', 'practice'),
    ]);
    expect(stored).toEqual([false, true]);
    expect(await db.response.count({ where: { trialId: left.trialId } })).toBe(0);
    expect((await db.session.findUniqueOrThrow({ where: { id: left.token } })).stage).toBe('withdrawn');
    const kept = await db.response.findUniqueOrThrow({ where: { trialId: stays.trialId } });
    expect([kept.focusLosses, kept.fullscreenExits]).toEqual([4, null]);
  });
});
