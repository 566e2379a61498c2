/**
 * A session through its stages at the library level (no HTTP): consent, browser check,
 * practice with feedback, test block, debrief, completion; and the ways answers go wrong:
 * retries, duplicates, different answers, answers out of order, answers to trials whose
 * images were never sent; withdrawing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../app/lib/db/client';
import { openDatabase } from '../../../../app/lib/db/client';
import { resolveDatabase } from '../../../../app/lib/db/url';
import type { ResponseBody } from '../../../../app/lib/session/api-types';
import { SessionError } from '../../../../app/lib/session/errors';
import { submitResponse } from '../../../../app/lib/session/responses';
import { advanceStage, withdrawSession } from '../../../../app/lib/session/stages';
import { startSession } from '../../../../app/lib/session/start';
import { getSessionState } from '../../../../app/lib/session/state';
import { getTrialImage, getTrialView } from '../../../../app/lib/session/trials';
import { nominalTiming } from '../../../../app/lib/trial-types/two-afc';
import { browserCheck } from '../../../../app/lib/trial-types/browser-check';
import { seededRandom } from '../../../../app/lib/random';
import { createTestDatabase, postgresSkipReason } from '../../../helpers/postgres';
import { createFixtureStudy, type FixtureStudy } from '../../../helpers/study-fixture';
import { tempSqlite } from './temp-db';

const desktop = browserCheck.simulate({ minWindow: { width: 800, height: 600 } }, null, { desktop: true }, seededRandom(1));

async function errorOf(p: Promise<unknown>): Promise<SessionError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SessionError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

let requestCounter = 0;
function answer(choice: 'left' | 'right', requestId = `req-${String(++requestCounter).padStart(6, '0')}`): ResponseBody {
  return {
    choice,
    rtMs: 640,
    timing: nominalTiming({ mode: 'sequential', exposureMs: 1000, gapMs: 600 }),
    requestId,
    clientSentAt: '2026-11-26T12:00:00.000Z',
  };
}

async function truthOf(db: Db, token: string, index: number) {
  return db.trial.findFirstOrThrow({ where: { sessionId: token, index }, select: { realSide: true, kind: true, imageId: true, methodId: true } });
}

/** What the browser does before a trial: fetch it and both its images. */
async function show(db: Db, token: string, index: number) {
  await getTrialView(db, token, index);
  await getTrialImage(db, token, index, 0);
  await getTrialImage(db, token, index, 1);
}

async function passEntry(db: Db, token: string) {
  await advanceStage(db, token, { from: 'consent', consent: true });
  return advanceStage(db, token, { from: 'instructions', check: desktop });
}

function suite(name: string, open: () => Promise<{ db: Db; close: () => Promise<void> }>) {
  describe(name, () => {
    let db: Db;
    let close: () => Promise<void>;
    let fixture: FixtureStudy;
    let n = 0;
    const start = () => startSession(db, 'flow', { source: 'prolific', externalId: `flow-${n++}`, recruitment: { STUDY_ID: 'S1', SESSION_ID: 'X' } });
    beforeAll(async () => {
      ({ db, close } = await open());
      fixture = await createFixtureStudy(db, {
        id: 'flow',
        config: { recruitment: { platform: 'prolific', completionCode: 'C0DE42', screenedOutCode: 'SCREEN9' } },
      });
    });
    afterAll(async () => {
      await fixture?.cleanup();
      await close?.();
    });

    it('runs a whole session: consent, check, practice with feedback, test, debrief, completion', async () => {
      const { token } = await start();
      let state = await getSessionState(db, token);
      expect(state).toMatchObject({ stage: 'consent', practice: { total: 2, answered: 0 }, test: { total: 10, answered: 0 }, nextTrial: null, completion: null, debrief: null });
      state = await passEntry(db, token);
      expect(state).toMatchObject({ stage: 'practice', nextTrial: 0 });
      const stored = await db.session.findUniqueOrThrow({ where: { id: token } });
      expect(JSON.parse(stored.client!)).toMatchObject({ windowWidth: desktop.windowWidth, verdict: { ok: true } });

      for (let i = 0; i < 12; i++) {
        const view = await getTrialView(db, token, i);
        expect(view).toMatchObject({ index: i, block: i < 2 ? 'practice' : 'test', number: i < 2 ? i + 1 : i - 1, of: i < 2 ? 2 : 10, feedback: i < 2 });
        expect(view.images).toEqual([`/api/sessions/${token}/trials/${i}/image/0`, `/api/sessions/${token}/trials/${i}/image/1`]);
        await getTrialImage(db, token, i, 0);
        await getTrialImage(db, token, i, 1);
        const truth = await truthOf(db, token, i);
        // Alternate right and wrong answers.
        const fake = truth.realSide === 'left' ? 'right' : 'left';
        const choice = i % 2 === 0 ? fake : truth.realSide!;
        const result = await submitResponse(db, token, i, answer(choice as 'left' | 'right'));
        expect(result.saved).toBe(true);
        expect(result.duplicate).toBe(false);
        if (i < 2) expect(result.feedback).toEqual({ correct: i % 2 === 0, fakeSide: fake });
        else expect(result.feedback).toBeNull();
        expect(result.stage).toBe(i < 1 ? 'practice' : i < 11 ? 'test' : 'debrief');
        expect(result.nextTrial).toBe(i < 11 ? i + 1 : null);
      }
      const responses = await db.response.findMany({ where: { trial: { sessionId: token } }, include: { trial: true }, orderBy: { trial: { index: 'asc' } } });
      expect(responses).toHaveLength(12);
      for (const r of responses) {
        expect(r.correct).toBe(r.choice !== r.trial.realSide);
        expect(r.correct).toBe(r.trial.index % 2 === 0);
        expect(JSON.parse(r.timing)).toMatchObject({ firstOnsetMs: expect.any(Number), optionsOnsetMs: expect.any(Number), requestId: expect.any(String) });
        // Read back through Prisma as written (on SQLite the answer path writes with its own statements).
        expect([r.rtMs, r.clientSentAt?.toISOString()]).toEqual([640, '2026-11-26T12:00:00.000Z']);
        expect(r.createdAt.getTime()).toBeGreaterThanOrEqual(r.trial.servedAt!.getTime());
      }
      // The debrief reaches the browser at the debrief stage, not before.
      expect((await getSessionState(db, token)).debrief).toMatch(/^About this study: in every pair/);
      state = await advanceStage(db, token, { from: 'debrief' });
      expect(state.stage).toBe('complete');
      expect(state.completion).toEqual({ platform: 'prolific', code: 'C0DE42', redirectUrl: 'https://app.prolific.com/submissions/complete?cc=C0DE42' });
      expect((await db.session.findUniqueOrThrow({ where: { id: token } })).completedAt).toBeInstanceOf(Date);
      // A retried "finish" gets the same state, and no more trials are served.
      expect(await advanceStage(db, token, { from: 'debrief' })).toEqual(state);
      expect((await errorOf(getTrialView(db, token, 11))).status).toBe(409);
    });

    it('stores a retried answer once, refuses a different one, and keeps answers in order', async () => {
      const { token } = await start();
      await passEntry(db, token);
      await show(db, token, 0);
      const first = answer('left');
      const saved = await submitResponse(db, token, 0, first);
      // The same request again (a retry after a lost reply): 200 with the stored result.
      const again = await submitResponse(db, token, 0, first);
      expect(again).toEqual({ ...saved, duplicate: true });
      // The same choice with another request id (double click): also stored once.
      expect((await submitResponse(db, token, 0, answer('left'))).duplicate).toBe(true);
      const different = await errorOf(submitResponse(db, token, 0, answer('right')));
      expect([different.status, different.code]).toEqual([409, 'different-answer']);
      const ahead = await errorOf(submitResponse(db, token, 2, answer('left')));
      expect([ahead.status, ahead.code, ahead.message]).toEqual([409, 'out-of-order', 'Trial 2 is out of order: the next trial to answer is 1.']);
      const missing = await errorOf(submitResponse(db, token, 99, answer('left')));
      expect(missing.status).toBe(404);
      expect(await db.response.count({ where: { trial: { sessionId: token } } })).toBe(1);
      expect((await db.response.findFirstOrThrow({ where: { trial: { sessionId: token } } })).choice).toBe('left');
    });

    it('stores concurrent copies of one answer once', async () => {
      const { token } = await start();
      await passEntry(db, token);
      await show(db, token, 0);
      const body = answer('right');
      const results = await Promise.all(Array.from({ length: 6 }, () => submitResponse(db, token, 0, body)));
      expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
      expect(await db.response.count({ where: { trial: { sessionId: token } } })).toBe(1);
    });

    it('serves only the next trial and the one after it, and never an answered one', async () => {
      const { token } = await start();
      expect((await errorOf(getTrialView(db, token, 0))).code).toBe('wrong-stage');
      await passEntry(db, token);
      await getTrialView(db, token, 0);
      await getTrialView(db, token, 1);
      expect((await errorOf(getTrialView(db, token, 2))).code).toBe('not-yet');
      expect((await errorOf(getTrialImage(db, token, 2, 0))).code).toBe('not-yet');
      await show(db, token, 0);
      await submitResponse(db, token, 0, answer('left'));
      expect((await errorOf(getTrialView(db, token, 0))).code).toBe('already-answered');
      expect((await errorOf(getTrialImage(db, token, 0, 1))).code).toBe('already-answered');
      await getTrialView(db, token, 2);
      expect((await db.trial.findFirstOrThrow({ where: { sessionId: token, index: 2 } })).servedAt).toBeInstanceOf(Date);
    });

    it('serves the real photo in the slot of the real side and the colorization in the other', async () => {
      const { token } = await start();
      await passEntry(db, token);
      const truth = await truthOf(db, token, 0);
      const image = await db.image.findUniqueOrThrow({ where: { id: truth.imageId }, include: { realAsset: true } });
      const stimulus = await db.stimulus.findUniqueOrThrow({ where: { imageId_methodId: { imageId: truth.imageId, methodId: truth.methodId } }, include: { asset: true } });
      const [slot0, slot1] = [await getTrialImage(db, token, 0, 0), await getTrialImage(db, token, 0, 1)];
      const [real, fake] = truth.realSide === 'left' ? [slot0, slot1] : [slot1, slot0];
      expect(Buffer.from(real.bytes).equals(Buffer.from(image.realAsset.bytes))).toBe(true);
      expect(Buffer.from(fake.bytes).equals(Buffer.from(stimulus.asset.bytes))).toBe(true);
      expect(Buffer.from(real.bytes).equals(Buffer.from(fake.bytes))).toBe(false);
    });

    it('screens out phones and too-small windows, with the Prolific screened-out code', async () => {
      const { token } = await start();
      await advanceStage(db, token, { from: 'consent', consent: true });
      const phone = browserCheck.simulate({ minWindow: { width: 800, height: 600 } }, null, { desktop: false }, seededRandom(2));
      const state = await advanceStage(db, token, { from: 'instructions', check: phone });
      expect(state.stage).toBe('screened-out');
      expect(state.ended).toEqual({
        message: 'This study cannot be done on a phone: it needs a computer with a larger screen. Please return to Prolific with the code below.',
        code: 'SCREEN9',
        returnUrl: 'https://app.prolific.com/submissions/complete?cc=SCREEN9',
      });
      const small = await start();
      await advanceStage(db, small.token, { from: 'consent', consent: true });
      const smallState = await advanceStage(db, small.token, { from: 'instructions', check: { ...desktop, windowWidth: 700, gaveUp: true } });
      expect(smallState.ended!.message).toMatch(/^This study needs a browser window of at least 800 x 600 pixels; yours is 700 x \d+\./);
      // Reloading shows the same end, and a screened-out participant cannot start again.
      expect((await getSessionState(db, small.token)).ended).toEqual(smallState.ended);
    });

    it('ends the session when consent is declined, and refuses to skip stages', async () => {
      const declined = await start();
      const state = await advanceStage(db, declined.token, { from: 'consent', consent: false });
      expect(state.stage).toBe('returned');
      expect(state.ended!.message).toMatch(/return the study on Prolific/);
      const eager = await start();
      const skip = await errorOf(advanceStage(db, eager.token, { from: 'instructions', check: desktop }));
      expect([skip.status, skip.code]).toEqual([409, 'wrong-stage']);
      await passEntry(db, eager.token);
      const early = await errorOf(advanceStage(db, eager.token, { from: 'debrief' }));
      expect(early.status).toBe(409);
      // Consent again after it was given: the current state, nothing changes.
      expect((await advanceStage(db, eager.token, { from: 'consent', consent: false })).stage).toBe('practice');
    });

    it('repairs a stage left behind by a crash between an answer and the stage change', async () => {
      const { token } = await start();
      await passEntry(db, token);
      await show(db, token, 0);
      await submitResponse(db, token, 0, answer('left'));
      await show(db, token, 1);
      await submitResponse(db, token, 1, answer('left'));
      await db.session.update({ where: { id: token }, data: { stage: 'practice' } });
      expect((await getSessionState(db, token)).stage).toBe('test');
      expect((await db.session.findUniqueOrThrow({ where: { id: token } })).stage).toBe('test');
    });

    it('marks a session seen when its stored mark is 10 s old, to the millisecond, and records when a trial was first served', async () => {
      const { token } = await start();
      await passEntry(db, token);
      const t0 = new Date('2026-11-26T12:00:00.123Z');
      await db.session.update({ where: { id: token }, data: { lastSeenAt: new Date('2020-01-01T00:00:00Z') } });
      const seen = async () => (await db.session.findUniqueOrThrow({ where: { id: token } })).lastSeenAt.toISOString();
      await getSessionState(db, token, t0);
      expect(await seen()).toBe(t0.toISOString());
      await getSessionState(db, token, new Date(t0.getTime() + 9_999));
      expect(await seen()).toBe(t0.toISOString());
      const later = new Date(t0.getTime() + 10_000);
      await getTrialView(db, token, 0, later);
      expect(await seen()).toBe(later.toISOString());
      await getTrialView(db, token, 0, new Date(later.getTime() + 1));
      const served = await db.trial.findFirstOrThrow({ where: { sessionId: token, index: 0 }, select: { servedAt: true } });
      expect(served.servedAt?.toISOString()).toBe(later.toISOString());
    });

    it('refuses an answer to a trial whose images were not all sent, and stores nothing', async () => {
      const { token } = await start();
      await passEntry(db, token);
      // A script that answers without fetching anything (the bot of issue 13: rtMs 1, no trial, no image).
      const blind = await errorOf(submitResponse(db, token, 0, { ...answer('left'), rtMs: 1 }));
      expect([blind.status, blind.code]).toEqual([409, 'not-shown']);
      expect(blind.message).toBe("Trial 0 has not been shown: its images were never sent to this session. Fetch them before answering; the answer is not stored.");
      // The trial and one image of two are not enough either.
      await getTrialView(db, token, 0);
      await getTrialImage(db, token, 0, 1);
      expect((await errorOf(submitResponse(db, token, 0, answer('left')))).code).toBe('not-shown');
      expect(await db.response.count({ where: { trial: { sessionId: token } } })).toBe(0);
      expect((await db.trial.findFirstOrThrow({ where: { sessionId: token, index: 0 } })).imagesServed).toBe(0b10);
      // Both images sent: the answer is stored. Preloading the next trial's images counts for that trial.
      await getTrialImage(db, token, 0, 0);
      await getTrialImage(db, token, 1, 0);
      await getTrialImage(db, token, 1, 1);
      expect((await submitResponse(db, token, 0, answer('left'))).saved).toBe(true);
      expect((await submitResponse(db, token, 1, answer('left'))).saved).toBe(true);
      expect((await db.trial.findMany({ where: { sessionId: token, index: { lt: 2 } }, orderBy: { index: 'asc' } })).map((t) => t.imagesServed)).toEqual([0b11, 0b11]);
    });

    it('records both images of a trial fetched at once', async () => {
      const { token } = await start();
      await passEntry(db, token);
      await getTrialView(db, token, 0);
      // Twice each, all at once: no bit is lost (direct-postgres.test.ts lines the marks up in one batch).
      await Promise.all([0, 1, 0, 1].map((slot) => getTrialImage(db, token, 0, slot as 0 | 1)));
      expect((await db.trial.findFirstOrThrow({ where: { sessionId: token, index: 0 } })).imagesServed).toBe(0b11);
      expect((await submitResponse(db, token, 0, answer('right'))).saved).toBe(true);
    });

    it('lets simulated participants, admitted with the admin password, answer without the images', async () => {
      const { token } = await startSession(db, 'flow', { source: 'simulated', externalId: `sim-${n++}`, recruitment: {} });
      await passEntry(db, token);
      expect((await submitResponse(db, token, 0, answer('left'))).saved).toBe(true);
    });

    it('records focus losses and full-screen exits with the answer', async () => {
      const { token } = await start();
      await passEntry(db, token);
      await show(db, token, 0);
      await submitResponse(db, token, 0, { ...answer('left'), focusLosses: 2, fullscreenExits: 1 });
      await show(db, token, 1);
      await submitResponse(db, token, 1, answer('left'));
      const stored = await db.response.findMany({ where: { trial: { sessionId: token } }, orderBy: { trial: { index: 'asc' } } });
      expect(stored.map((r) => [r.focusLosses, r.fullscreenExits])).toEqual([
        [2, 1],
        [null, null],
      ]);
    });

    it('withdraws a participant: the session ends, answers stop, and a retry gets the same state', async () => {
      const { token } = await start();
      const early = await errorOf(withdrawSession(db, token));
      expect([early.status, early.code]).toEqual([409, 'wrong-stage']);
      await passEntry(db, token);
      await show(db, token, 0);
      await submitResponse(db, token, 0, answer('left'));
      const state = await withdrawSession(db, token, new Date('2026-12-01T10:00:00Z'));
      expect(state).toMatchObject({ stage: 'withdrawn', nextTrial: null, completion: null, ended: { message: 'Please return the study on Prolific; no completion code is needed.', code: null } });
      expect(await withdrawSession(db, token)).toEqual(state);
      const stored = await db.session.findUniqueOrThrow({ where: { id: token } });
      expect([stored.stage, stored.withdrawnAt?.toISOString(), stored.completedAt]).toEqual(['withdrawn', '2026-12-01T10:00:00.000Z', null]);
      expect((await errorOf(getTrialView(db, token, 1))).code).toBe('wrong-stage');
      expect((await errorOf(submitResponse(db, token, 1, answer('left')))).code).toBe('wrong-stage');
      // Finishing after withdrawing changes nothing: the state says withdrawn.
      expect((await advanceStage(db, token, { from: 'debrief' })).stage).toBe('withdrawn');
      // A finished session has nothing to withdraw from.
      const declined = await start();
      await advanceStage(db, declined.token, { from: 'consent', consent: false });
      expect((await errorOf(withdrawSession(db, declined.token))).code).toBe('wrong-stage');
    });

    it('answers unknown tokens with 404 before touching the database', async () => {
      expect((await errorOf(getSessionState(db, 'x'.repeat(24)))).status).toBe(404);
      expect((await errorOf(getSessionState(db, '../../etc'))).status).toBe(404);
    });
  });
}

suite('participant flow on SQLite', async () => {
  const t = await tempSqlite();
  return { db: t.db, close: t.close };
});

describe.skipIf(!!postgresSkipReason)('PostgreSQL', () => {
  suite('participant flow on PostgreSQL', async () => {
    const created = await createTestDatabase();
    const db = await openDatabase(resolveDatabase(created.url));
    return {
      db,
      close: async () => {
        await db.$disconnect();
        await created.drop();
      },
    };
  });
});
