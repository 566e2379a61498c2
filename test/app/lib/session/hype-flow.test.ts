/**
 * Single-image (HYPE) sessions at the library level, on SQLite and PostgreSQL: tutorial with
 * feedback, a qualification block that lets through or screens out, a test block whose
 * exposures follow the staircase as trials are served (and wait while a trial is fetched
 * ahead), one-slot images, and answers of the wrong kind refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../app/lib/db/client';
import { resolveDatabase } from '../../../../app/lib/db/url';
import { nextExposure } from '../../../../app/lib/hype/staircase';
import { seededRandom } from '../../../../app/lib/random';
import type { SingleImageResponseBody, SingleImageTrialView } from '../../../../app/lib/session/api-types';
import { SessionError } from '../../../../app/lib/session/errors';
import { submitResponse } from '../../../../app/lib/session/responses';
import { advanceStage } from '../../../../app/lib/session/stages';
import { planFor, startSession } from '../../../../app/lib/session/start';
import { loadStudyContext } from '../../../../app/lib/session/study-context';
import { getSessionState } from '../../../../app/lib/session/state';
import { getTrialImage, getTrialView } from '../../../../app/lib/session/trials';
import { browserCheck } from '../../../../app/lib/trial-types/browser-check';
import { nominalSingleImageTiming } from '../../../../app/lib/trial-types/single-image';
import { createTestDatabase, postgresSkipReason } from '../../../helpers/postgres';
import { createFixtureStudy, type FixtureStudy } from '../../../helpers/study-fixture';
import { tempSqlite } from './temp-db';

const desktop = browserCheck.simulate({ minWindow: { width: 800, height: 600 } }, null, { desktop: true }, seededRandom(1));
const staircase = { startMs: 300, minMs: 100, maxMs: 500, stepMs: 50, initialStepMs: 100, down: 2 };

async function errorOf(p: Promise<unknown>): Promise<SessionError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SessionError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

let counter = 0;
const body = (choice: 'real' | 'fake'): SingleImageResponseBody => ({
  choice,
  rtMs: 700,
  timing: nominalSingleImageTiming({ exposureMs: 300, maskMs: 200 }),
  requestId: `hype-${String(++counter).padStart(6, '0')}`,
});

function suite(name: string, open: () => Promise<{ db: Db; close: () => Promise<void> }>) {
  describe(name, () => {
    let db: Db;
    let close: () => Promise<void>;
    const fixtures: FixtureStudy[] = [];
    let n = 0;
    const start = (studyId: string) => startSession(db, studyId, { source: 'prolific', externalId: `hype-${n++}`, recruitment: {} });
    const truth = (token: string, index: number) => db.trial.findFirstOrThrow({ where: { sessionId: token, index } });
    /** The right answer to trial `index` (or the wrong one). */
    const answerFor = async (token: string, index: number, right: boolean) => {
      const t = await truth(token, index);
      return body(t.showsReal === right ? 'real' : 'fake');
    };
    beforeAll(async () => {
      ({ db, close } = await open());
      const session = { practiceTrials: 2, testTrials: 6, attentionRate: 0.15 };
      const recruitment = { platform: 'prolific' as const, completionCode: 'HYPE01', screenedOutCode: 'NOPASS' };
      fixtures.push(
        await createFixtureStudy(db, {
          id: 'hype-time',
          config: { protocol: 'hype-time', session, recruitment, hype: { staircase, maskMs: 200, qualification: { trials: 4, minAccuracy: 0.75 } } },
        }),
      );
      fixtures.push(
        await createFixtureStudy(db, { id: 'hype-inf', config: { protocol: 'hype-infinity', session, recruitment, hype: { qualification: { trials: 0 } } } }),
      );
    });
    afterAll(async () => {
      for (const f of fixtures) await f.cleanup();
      await close?.();
    });

    it('runs tutorial, qualification and a staircase-timed test block to completion', async () => {
      const { token } = await start('hype-time');
      await advanceStage(db, token, { from: 'consent', consent: true });
      let state = await advanceStage(db, token, { from: 'instructions', check: desktop });
      expect(state).toMatchObject({ stage: 'practice', protocol: 'hype-time', practice: { total: 2 }, qualification: { total: 4 }, test: { total: 7 } });
      expect(state.singleImage).toEqual({ timed: true, maskMs: 200, minMs: 100, maxMs: 500 });

      // Tutorial: fixed exposure, feedback with the truth.
      const view = (await getTrialView(db, token, 0)) as SingleImageTrialView;
      expect(view).toMatchObject({ trialType: 'single-image', block: 'practice', number: 1, of: 2, exposureMs: 300, exposurePending: false, maskMs: 200, feedback: true });
      expect(view.images).toEqual([`/api/sessions/${token}/trials/0/image/0`]);
      expect((await getTrialImage(db, token, 0, 0)).mime).toMatch(/^image\//);
      expect((await errorOf(getTrialImage(db, token, 0, 1))).status).toBe(404);
      const t0 = await truth(token, 0);
      const first = await submitResponse(db, token, 0, await answerFor(token, 0, false));
      expect(first.feedback).toEqual({ correct: false, wasReal: t0.showsReal });
      await getTrialImage(db, token, 1, 0);
      await submitResponse(db, token, 1, await answerFor(token, 1, true));

      // Qualification: 3 of 4 right passes a threshold of 0.75; no feedback.
      state = await getSessionState(db, token);
      expect(state.stage).toBe('qualification');
      for (const [i, right] of [[2, true], [3, false], [4, true], [5, true]] as const) {
        const v = await getTrialView(db, token, i);
        await getTrialImage(db, token, i, 0);
        expect(v).toMatchObject({ block: 'qualification', exposureMs: 300, feedback: false });
        const r = await submitResponse(db, token, i, await answerFor(token, i, right));
        expect(r.feedback).toBeNull();
      }
      expect((await getSessionState(db, token)).stage).toBe('test');

      // Test block: each trial's exposure follows the staircase of the answers before it.
      const answers: boolean[] = [];
      const pattern = [true, true, true, true, false, true, true];
      for (let i = 6; i < 13; i++) {
        const v = (await getTrialView(db, token, i)) as SingleImageTrialView;
        await getTrialImage(db, token, i, 0);
        const t = await truth(token, i);
        const expected = nextExposure(staircase, answers);
        expect(v.exposureMs, `trial ${i}`).toBe(expected);
        expect((await truth(token, i)).exposureMs).toBe(expected);
        if (i + 1 < 13 && t.kind === 'test') {
          // Fetched ahead: the next test trial's exposure is not decided until this one is answered.
          const ahead = (await getTrialView(db, token, i + 1)) as SingleImageTrialView;
          if ((await truth(token, i + 1)).kind === 'test') expect(ahead).toMatchObject({ exposureMs: null, exposurePending: true });
        }
        const right = pattern[i - 6];
        await submitResponse(db, token, i, await answerFor(token, i, right));
        if (t.kind === 'test') answers.push(right);
      }
      // Two right in a row shorten the exposure (2-down), so the staircase went below its start.
      const exposures = (await db.trial.findMany({ where: { sessionId: token, kind: 'test' }, orderBy: { index: 'asc' } })).map((t) => t.exposureMs);
      expect(Math.min(...(exposures as number[]))).toBeLessThan(300);
      state = await getSessionState(db, token);
      expect(state.stage).toBe('debrief');
      expect((await advanceStage(db, token, { from: 'debrief' })).completion).toMatchObject({ code: 'HYPE01' });
      const responses = await db.response.findMany({ where: { trial: { sessionId: token } }, include: { trial: true } });
      expect(responses).toHaveLength(13);
      for (const r of responses) expect(r.correct).toBe((r.choice === 'real') === r.trial.showsReal);
    });

    it('replays a session\'s plan from its recorded seed, ordinal and rotation', async () => {
      const { token } = await start('hype-time');
      const session = await db.session.findUniqueOrThrow({ where: { id: token }, include: { trials: { orderBy: { index: 'asc' } } } });
      const study = (await loadStudyContext(db, 'hype-time'))!;
      const replay = planFor(study, { seed: session.seed, ordinal: session.ordinal, rotation: session.rotation, methodId: session.methodId });
      expect(session.trials.map(({ index, kind, imageId, methodId, realSide, showsReal, exposureMs }) => ({ index, kind, imageId, methodId, realSide, showsReal, exposureMs }))).toEqual(replay);
    });

    it('screens out a participant who fails the qualification, keeping their answers', async () => {
      const { token } = await start('hype-time');
      await advanceStage(db, token, { from: 'consent', consent: true });
      await advanceStage(db, token, { from: 'instructions', check: desktop });
      for (let i = 0; i < 2; i++) {
        await getTrialView(db, token, i);
        await getTrialImage(db, token, i, 0);
        await submitResponse(db, token, i, await answerFor(token, i, true));
      }
      let last;
      for (let i = 2; i < 6; i++) {
        await getTrialView(db, token, i);
        await getTrialImage(db, token, i, 0);
        last = await submitResponse(db, token, i, await answerFor(token, i, i === 2));
      }
      expect(last!.stage).toBe('screened-out');
      expect(last!.nextTrial).toBeNull();
      const state = await getSessionState(db, token);
      expect(state.ended).toMatchObject({ code: 'NOPASS', returnUrl: 'https://app.prolific.com/submissions/complete?cc=NOPASS' });
      expect(state.ended!.message).toMatch(/^Your answers in the qualification block did not reach the accuracy this study needs/);
      expect(await db.response.count({ where: { trial: { sessionId: token } } })).toBe(6);
      expect((await errorOf(getTrialView(db, token, 6))).code).toBe('wrong-stage');
    });

    it('refuses answers of the wrong kind, and answers to trials not yet shown', async () => {
      const { token } = await start('hype-time');
      await advanceStage(db, token, { from: 'consent', consent: true });
      await advanceStage(db, token, { from: 'instructions', check: desktop });
      const side = await errorOf(submitResponse(db, token, 0, { choice: 'left', rtMs: 1, timing: { firstOnsetMs: 0, firstOffsetMs: null, secondOnsetMs: null, secondOffsetMs: null, optionsOnsetMs: 0 }, requestId: 'wrongkind1' }));
      expect([side.status, side.code]).toEqual([400, 'wrong-answer-kind']);
      // Skip to the test block by answering the tutorial and qualification right.
      for (let i = 0; i < 6; i++) {
        await getTrialView(db, token, i);
        await getTrialImage(db, token, i, 0);
        await submitResponse(db, token, i, await answerFor(token, i, true));
      }
      const unseen = await errorOf(submitResponse(db, token, 6, await answerFor(token, 6, true)));
      expect([unseen.status, unseen.code]).toEqual([409, 'not-shown']);
    });

    it('hype-infinity: no qualification, unlimited exposure, straight to the test block after the tutorial', async () => {
      const { token } = await start('hype-inf');
      await advanceStage(db, token, { from: 'consent', consent: true });
      const state = await advanceStage(db, token, { from: 'instructions', check: desktop });
      expect(state).toMatchObject({ stage: 'practice', qualification: { total: 0 }, singleImage: { timed: false, minMs: null } });
      for (let i = 0; i < 2; i++) {
        await getTrialView(db, token, i);
        await getTrialImage(db, token, i, 0);
        await submitResponse(db, token, i, await answerFor(token, i, true));
      }
      expect((await getSessionState(db, token)).stage).toBe('test');
      const v = (await getTrialView(db, token, 2)) as SingleImageTrialView;
      await getTrialImage(db, token, 2, 0);
      expect(v).toMatchObject({ exposureMs: null, exposurePending: false, block: 'test' });
      // The image was sent, and nothing is decided at serving time: the answer is taken.
      expect((await submitResponse(db, token, 2, await answerFor(token, 2, false))).feedback).toBeNull();
    });
  });
}

suite('single-image flow on SQLite', async () => {
  const t = await tempSqlite();
  return { db: t.db, close: t.close };
});

describe.skipIf(!!postgresSkipReason)('PostgreSQL', () => {
  suite('single-image flow on PostgreSQL', async () => {
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
