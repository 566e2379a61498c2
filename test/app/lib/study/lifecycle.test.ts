import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession } from '../../../../app/lib/session/start';
import { loadStudyContext } from '../../../../app/lib/session/study-context';
import { completedPerMethod, isStudyFull, medianCompletionMinutes, setStudyStatus } from '../../../../app/lib/study/lifecycle';
import { createKnownStudy, KNOWN_STUDY_ID, knownConfig } from '../results/known-study';
import { tempSqlite, type TempDb } from '../session/temp-db';

const prolific = (id: string) => ({ source: 'prolific' as const, externalId: id, recruitment: {} });

async function errorOf(p: Promise<unknown>): Promise<{ status: number; code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { status: number; code: string; message: string };
  }
  throw new Error('expected a refusal');
}

describe('study lifecycle on SQLite', () => {
  let t: TempDb;
  beforeAll(async () => {
    t = await tempSqlite('ct-lifecycle-');
    await createKnownStudy(t.db);
  });
  afterAll(async () => t?.close());

  it('counts completed sessions per method and their median duration', async () => {
    // Known study: p0, p1 (zhang) and p2 (coherent) completed, each 60 minutes after starting.
    const done = await completedPerMethod(t.db, KNOWN_STUDY_ID);
    expect([...done.values()].sort()).toEqual([1, 2]);
    expect(await medianCompletionMinutes(t.db, KNOWN_STUDY_ID)).toBe(60);
  });

  it('pauses, closes and reopens for new participants while a started session resumes', async () => {
    const first = await startSession(t.db, KNOWN_STUDY_ID, prolific('early'));
    expect(await setStudyStatus(t.db, KNOWN_STUDY_ID, 'paused')).toBe(true);
    const paused = await errorOf(startSession(t.db, KNOWN_STUDY_ID, prolific('late')));
    expect([paused.status, paused.code]).toEqual([409, 'paused']);
    expect(paused.message).toMatch(/try again later/);
    await setStudyStatus(t.db, KNOWN_STUDY_ID, 'closed');
    expect((await errorOf(startSession(t.db, KNOWN_STUDY_ID, prolific('late')))).code).toBe('closed');
    expect((await startSession(t.db, KNOWN_STUDY_ID, prolific('early'))).token).toBe(first.token);
    await setStudyStatus(t.db, KNOWN_STUDY_ID, 'open');
    expect((await startSession(t.db, KNOWN_STUDY_ID, prolific('late'))).created).toBe(true);
    expect(await setStudyStatus(t.db, 'nope', 'open')).toBe(false);
  });

  it('is full once every method has its target of completed sessions, and then says so politely', async () => {
    const withTarget = (n: number) => JSON.stringify({ ...JSON.parse(knownConfig()), recruitment: { platform: 'prolific', completionCode: 'C0DE1234', targetPerMethod: n } });
    await t.db.study.update({ where: { id: KNOWN_STUDY_ID }, data: { config: withTarget(2) } });
    // zhang has 2, coherent 1: not full.
    expect(await isStudyFull(t.db, (await loadStudyContext(t.db, KNOWN_STUDY_ID))!)).toBe(false);
    await t.db.study.update({ where: { id: KNOWN_STUDY_ID }, data: { config: withTarget(1) } });
    expect(await isStudyFull(t.db, (await loadStudyContext(t.db, KNOWN_STUDY_ID))!)).toBe(true);
    const full = await errorOf(startSession(t.db, KNOWN_STUDY_ID, prolific('too-late')));
    expect([full.status, full.code]).toEqual([410, 'full']);
    expect(full.message).toMatch(/^This study is full/);
    // A preview still runs, and a returning participant still gets their session.
    expect((await startSession(t.db, KNOWN_STUDY_ID, { source: 'preview', externalId: 'preview-x', recruitment: {} })).created).toBe(true);
    expect((await startSession(t.db, KNOWN_STUDY_ID, prolific('early'))).created).toBe(false);
  });
});
