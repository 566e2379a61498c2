import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../app/lib/db/client';
import { deriveSeed } from '../../../../app/lib/random';
import { chooseMethod, countingSessions } from '../../../../app/lib/session/assignment';
import { SessionError } from '../../../../app/lib/session/errors';
import { planSession } from '../../../../app/lib/session/plan';
import { sessionRotation, startSession, type Participation } from '../../../../app/lib/session/start';
import { loadStudyContext, sessionCounts } from '../../../../app/lib/session/study-context';
import { createFixtureStudy, type FixtureStudy } from '../../../helpers/study-fixture';
import { tempSqlite, type TempDb } from './temp-db';

const prolific = (pid: string): Participation => ({ source: 'prolific', externalId: pid, recruitment: { STUDY_ID: 'S', SESSION_ID: `x-${pid}` } });

async function errorOf(p: Promise<unknown>): Promise<SessionError> {
  try {
    await p;
  } catch (e) {
    return e as SessionError;
  }
  throw new Error('expected a rejection');
}

describe('startSession on SQLite', () => {
  let t: TempDb;
  let db: Db;
  let fixture: FixtureStudy;
  beforeAll(async () => {
    t = await tempSqlite();
    db = t.db;
    fixture = await createFixtureStudy(db, { id: 'fix', images: 16 });
  });
  afterAll(async () => {
    await fixture?.cleanup();
    await t?.close();
  });

  it('writes the whole plan, drawn from the recorded seed: replaying it gives the same trials', async () => {
    const started = await startSession(db, 'fix', prolific('replay-1'));
    expect(started).toMatchObject({ stage: 'consent', created: true });
    expect(started.token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const session = await db.session.findUniqueOrThrow({
      where: { id: started.token },
      include: { trials: { orderBy: { index: 'asc' } }, study: true },
    });
    expect(session.seed).toBe(deriveSeed(session.study.seed, 'session', session.ordinal));
    const ctx = (await loadStudyContext(db, 'fix'))!;
    const replay = planSession({
      studySeed: session.study.seed,
      rotation: await sessionRotation(db, 'fix', session.methodId, session.ordinal),
      images: ctx.images,
      methods: ctx.methods,
      attentionMethodId: ctx.attentionMethodId,
      ...sessionCounts(ctx.config),
      assignment: ctx.assignment,
      methodId: session.methodId,
      exposureMs: ctx.config.presentation.exposureMs,
      seed: session.seed,
      ordinal: session.ordinal,
    });
    // 2 practice + 8 test + 2 attention (fixture defaults).
    expect(session.trials).toHaveLength(12);
    expect(session.trials.map(({ index, kind, imageId, methodId, realSide, exposureMs }) => ({ index, kind, imageId, methodId, realSide, exposureMs }))).toEqual(replay);
  });

  it('gives a returning participant their one session back, whatever its stage', async () => {
    const first = await startSession(db, 'fix', prolific('again-1'));
    const second = await startSession(db, 'fix', { ...prolific('again-1'), recruitment: { SESSION_ID: 'other' } });
    expect(second).toEqual({ token: first.token, stage: 'consent', created: false });
    await db.session.update({ where: { id: first.token }, data: { stage: 'complete' } });
    expect(await startSession(db, 'fix', prolific('again-1'))).toEqual({ token: first.token, stage: 'complete', created: false });
    expect(await db.participant.count({ where: { studyId: 'fix', externalId: 'again-1' } })).toBe(1);
    // The same id from another platform is another person.
    const mturk = await startSession(db, 'fix', { source: 'mturk', externalId: 'again-1', recruitment: { assignmentId: 'A' } });
    expect(mturk.created).toBe(true);
  });

  it("follows an unfinished session's latest recruitment parameters (a re-accepted MTurk HIT), not a finished one's", async () => {
    const worker = (assignmentId: string): Participation => ({ source: 'mturk', externalId: 'W-re', recruitment: { assignmentId, hitId: 'H' } });
    const first = await startSession(db, 'fix', worker('A-1'));
    await startSession(db, 'fix', worker('A-2'));
    const stored = async () => JSON.parse((await db.session.findUniqueOrThrow({ where: { id: first.token } })).recruitment);
    expect(await stored()).toEqual({ assignmentId: 'A-2', hitId: 'H' });
    await db.session.update({ where: { id: first.token }, data: { stage: 'complete' } });
    await startSession(db, 'fix', worker('A-3'));
    expect(await stored()).toEqual({ assignmentId: 'A-2', hitId: 'H' });
  });

  it('starts one session for the same id even when its starts race', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => startSession(db, 'fix', prolific('racer'))));
    expect(new Set(results.map((r) => r.token)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it('refuses unknown and closed studies with a sentence for the participant', async () => {
    const unknown = await errorOf(startSession(db, 'nope', prolific('p')));
    expect([unknown.status, unknown.message]).toEqual([404, 'There is no study at this address. Please check the link you were given.']);
    const kept = await startSession(db, 'fix', prolific('before-close'));
    await db.study.update({ where: { id: 'fix' }, data: { status: 'closed' } });
    try {
      const closed = await errorOf(startSession(db, 'fix', prolific('after-close')));
      expect(closed.status).toBe(410);
      expect(closed.message).toMatch(/closed/);
      // Someone already in keeps their session.
      expect((await startSession(db, 'fix', prolific('before-close'))).token).toBe(kept.token);
    } finally {
      await db.study.update({ where: { id: 'fix' }, data: { status: 'open' } });
    }
  });
});

describe('one-method assignment on SQLite', () => {
  let t: TempDb;
  let db: Db;
  let fixture: FixtureStudy;
  beforeAll(async () => {
    t = await tempSqlite();
    db = t.db;
    fixture = await createFixtureStudy(db, { id: 'bal', images: 16, methods: ['alpha', 'beta', 'gamma'] });
  });
  afterAll(async () => {
    await fixture?.cleanup();
    await t?.close();
  });

  it('keeps methods balanced and ordinals unique when 30 participants start at once', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => startSession(db, 'bal', prolific(`c${i}`))));
    expect(results.every((r) => r.created)).toBe(true);
    const sessions = await db.session.findMany({ where: { studyId: 'bal' }, select: { ordinal: true, methodId: true } });
    expect(sessions.map((s) => s.ordinal).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    const per = new Map<string, number>();
    for (const s of sessions) per.set(s.methodId!, (per.get(s.methodId!) ?? 0) + 1);
    expect([...per.values()]).toEqual([10, 10, 10]);
    // Each method's 10 sessions rotate through the 16 photos: 10 x 8 test trials = 5 passes.
    const shown = await db.trial.groupBy({ by: ['methodId', 'imageId'], where: { session: { studyId: 'bal' }, kind: 'test' }, _count: { _all: true } });
    expect(shown).toHaveLength(3 * 16);
    expect(new Set(shown.map((g) => g._count._all))).toEqual(new Set([5]));
  });

  it('gives the slots of dropouts to new participants, while completed sessions keep theirs', async () => {
    const methods = await db.method.findMany({ where: { studyId: 'bal', kind: 'method' }, orderBy: { position: 'asc' } });
    const [alpha, beta, gamma] = methods.map((m) => m.id);
    const t0 = new Date('2030-01-01T12:00:00Z');
    // Everyone above started at real "now"; move the clock 2 hours on so they all look silent…
    const later = new Date(t0.getTime() + 2 * 3600_000);
    await db.session.updateMany({ where: { studyId: 'bal' }, data: { lastSeenAt: t0 } });
    // …except that 4 alpha, 2 beta and 0 gamma sessions completed.
    for (const [method, n] of [[alpha, 4], [beta, 2]] as const) {
      const ids = (await db.session.findMany({ where: { studyId: 'bal', methodId: method }, take: n, select: { id: true } })).map((s) => s.id);
      await db.session.updateMany({ where: { id: { in: ids } }, data: { stage: 'complete' } });
    }
    expect(await countingSessions(db, 'bal', later)).toEqual(new Map([[alpha, 4], [beta, 2]]));
    // The next 6 starts fill gamma (0) and beta (2) up to alpha (4): gamma 4, beta 2 more.
    const next = [];
    for (let i = 0; i < 6; i++) next.push(await startSession(db, 'bal', prolific(`late${i}`), { now: later }));
    const got = await db.session.findMany({ where: { id: { in: next.map((n) => n.token) } }, select: { methodId: true } });
    const count = (m: string) => got.filter((g) => g.methodId === m).length;
    expect([count(alpha), count(beta), count(gamma)]).toEqual([0, 2, 4]);
    // Within the active window a silent session still holds its slot; after it, it does not.
    const soon = new Date(later.getTime() + 10 * 60_000);
    expect(await countingSessions(db, 'bal', soon)).toEqual(new Map([[alpha, 4], [beta, 4], [gamma, 4]]));
    const muchLater = new Date(later.getTime() + 31 * 60_000);
    expect(await countingSessions(db, 'bal', muchLater)).toEqual(new Map([[alpha, 4], [beta, 2]]));
    expect(await countingSessions(db, 'bal', muchLater, 60)).toEqual(new Map([[alpha, 4], [beta, 4], [gamma, 4]]));
  });

  it('ignores screened-out and returned sessions', async () => {
    const before = await countingSessions(db, 'bal', new Date());
    const s = await startSession(db, 'bal', prolific('screened'));
    const method = (await db.session.findUniqueOrThrow({ where: { id: s.token } })).methodId!;
    expect((await countingSessions(db, 'bal', new Date())).get(method)).toBe((before.get(method) ?? 0) + 1);
    await db.session.update({ where: { id: s.token }, data: { stage: 'screened-out' } });
    expect((await countingSessions(db, 'bal', new Date())).get(method)).toBe(before.get(method));
  });
});

describe('chooseMethod', () => {
  it('picks the least-used method and breaks ties by the seed', () => {
    expect(chooseMethod(['a', 'b', 'c'], new Map([['a', 3], ['b', 1], ['c', 2]]), 1)).toBe('b');
    const picks = new Set<string>();
    for (let seed = 0; seed < 50; seed++) picks.add(chooseMethod(['a', 'b', 'c'], new Map([['a', 1]]), seed));
    expect([...picks].sort()).toEqual(['b', 'c']);
    expect(chooseMethod(['a', 'b', 'c'], new Map(), 5)).toBe(chooseMethod(['a', 'b', 'c'], new Map(), 5));
  });
});
