import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { participantsDownload } from '../../../../app/lib/recruitment/download';
import { decisionIds, prolificBonus, reconciliationCsv } from '../../../../app/lib/recruitment/files';
import { decide, passesAttention, sessionStatus } from '../../../../app/lib/recruitment/outcome';
import { loadReconciliation, type ReconciliationRow } from '../../../../app/lib/recruitment/reconciliation';
import { createKnownStudy, KNOWN_STUDY_ID, knownConfig } from '../results/known-study';
import { tempSqlite, type TempDb } from '../session/temp-db';

describe('the study rule for approving and rejecting', () => {
  it('approves completed sessions that reach the attention threshold and rejects those that do not', () => {
    expect(passesAttention(3, 4, 0.75)).toBe(true);
    expect(passesAttention(2, 4, 0.75)).toBe(false);
    expect(passesAttention(0, 0, 0.75)).toBe(true);
    expect(decide(sessionStatus('complete'), true)).toBe('approve');
    expect(decide(sessionStatus('complete'), false)).toBe('reject');
    expect(decide(sessionStatus('returned'), false)).toBe('none');
    expect(decide(sessionStatus('test'), true)).toBe('none');
    expect(sessionStatus('consent')).toBe('active');
    expect(sessionStatus('withdrawn')).toBe('withdrawn');
    expect(decide(sessionStatus('withdrawn'), true)).toBe('none');
  });
});

describe('reconciliation with the fast-answer rule, focus losses and a withdrawal', () => {
  let t: TempDb;
  let rows: ReconciliationRow[];
  beforeAll(async () => {
    t = await tempSqlite('ct-reconcile-fast-');
    await createKnownStudy(t.db);
    // At most 10% of the test block fast: p0 answers 2 of its 12 in under 200 ms (17%), p2 1 of 12 (8%).
    const config = { ...JSON.parse(knownConfig()), quality: { minRtMs: 200, maxFastShare: 0.1 } };
    await t.db.study.update({ where: { id: KNOWN_STUDY_ID }, data: { config: JSON.stringify(config) } });
    for (const [session, n] of [['token-p0', 2], ['token-p2', 1]] as const) {
      const tests = await t.db.trial.findMany({ where: { sessionId: session, kind: 'test' }, orderBy: { index: 'asc' }, take: n });
      for (const trial of tests) await t.db.response.update({ where: { trialId: trial.id }, data: { rtMs: 120 } });
    }
    // p1 left the page during two trials and full screen once; p3 withdrew.
    const p1Trials = await t.db.trial.findMany({ where: { sessionId: 'token-p1', response: { isNot: null } }, orderBy: { index: 'asc' }, take: 2 });
    await t.db.response.update({ where: { trialId: p1Trials[0].id }, data: { focusLosses: 2, fullscreenExits: 1 } });
    await t.db.response.update({ where: { trialId: p1Trials[1].id }, data: { focusLosses: 1 } });
    await t.db.session.update({ where: { id: 'token-p3' }, data: { stage: 'withdrawn', withdrawnAt: new Date('2026-11-21T11:00:00Z') } });
    rows = (await loadReconciliation(t.db, KNOWN_STUDY_ID))!;
  });
  afterAll(async () => t?.close());

  it('rejects a completed session above the share of fast answers, and flags it with the reason', () => {
    const [p0, p1, p2, p3] = rows;
    expect(p0).toMatchObject({ fastAnswers: 2, fastRulePassed: false, attentionPassed: true, decision: 'reject' });
    expect(p0.flags).toContain('2 of 12 test answers faster than 200 ms, more than the limit of 10%');
    expect(p2).toMatchObject({ fastAnswers: 1, fastRulePassed: true });
    expect(decisionIds(rows, 'reject')).toBe('EXT-p0\n');
    expect(p1).toMatchObject({ trialsWithFocusLoss: 2, fullscreenExits: 1 });
    expect(p1.flags).toEqual(expect.arrayContaining(['left the page or window during 2 of 14 trials', 'left full screen 1 time during trials']));
    expect(p3).toMatchObject({ status: 'withdrawn', decision: 'none', withdrawnAt: '2026-11-21T11:00:00.000Z' });
    expect(p3.flags[0]).toBe('withdrew: answers left out of the analysis');
  });
});

describe('reconciliation rows on SQLite', () => {
  let t: TempDb;
  let rows: ReconciliationRow[];
  beforeAll(async () => {
    t = await tempSqlite('ct-reconcile-');
    await createKnownStudy(t.db);
    // A stricter rule than the known study's 0.5: p1 (attention 1/2) now fails it.
    const config = { ...JSON.parse(knownConfig()), attention: { kind: 'random-colors', minAccuracy: 0.75 } };
    await t.db.study.update({ where: { id: KNOWN_STUDY_ID }, data: { config: JSON.stringify(config) } });
    const p0 = await t.db.session.findUniqueOrThrow({ where: { id: 'token-p0' } });
    await t.db.session.update({
      where: { id: p0.id },
      data: { recruitment: JSON.stringify({ STUDY_ID: 'st', SESSION_ID: 'sub-0' }), client: JSON.stringify({ userAgent: 'UA/1', windowWidth: 1280, windowHeight: 800, devicePixelRatio: 2, refreshHz: 59.9, touchOnly: false }) },
    });
    // Every trial served as a browser would, except p3's (answered by a script); one of p2's answers too fast.
    await t.db.trial.updateMany({ where: { sessionId: { not: 'token-p3' } }, data: { servedAt: new Date('2026-11-21T10:00:00Z') } });
    const p2Test = await t.db.trial.findFirstOrThrow({ where: { sessionId: 'token-p2', kind: 'test' } });
    await t.db.response.update({ where: { trialId: p2Test.id }, data: { rtMs: 50 } });
    rows = (await loadReconciliation(t.db, KNOWN_STUDY_ID))!;
  });
  afterAll(async () => t?.close());

  it('gives every session its recruitment id, status, attention, answers, duration, median RT and decision', () => {
    expect(rows.map((r) => [r.session, r.recruitmentId, r.source, r.status, r.decision])).toEqual([
      [0, 'EXT-p0', 'prolific', 'completed', 'approve'],
      [1, 'EXT-p1', 'prolific', 'completed', 'reject'],
      [2, null, 'direct', 'completed', 'none'],
      [3, 'EXT-p3', 'mturk', 'active', 'none'],
      [4, null, 'direct', 'returned', 'none'],
    ]);
    const [p0, p1, , p3] = rows;
    // p0: trials 2..11 are the tests, rtMs = 500 + 10 * index: 520..610, median (560 + 570) / 2.
    expect(p0).toMatchObject({ attentionCorrect: 2, attentionTrials: 2, attentionPassed: true, testAnswered: 12, testTotal: 12, durationS: 3600, medianRtMs: 565, flags: [], submissionId: 'sub-0' });
    expect(p0.browser).toEqual({ windowWidth: 1280, windowHeight: 800, devicePixelRatio: 2, refreshHz: 59.9, userAgent: 'UA/1' });
    expect(p1).toMatchObject({ attentionCorrect: 1, attentionTrials: 2, attentionPassed: false, flags: ['attention checks 1/2 correct, below 0.75'] });
    // p3: 6 of 8 test-block trials answered plus one planned test left (9 planned).
    expect(p3).toMatchObject({ testAnswered: 8, testTotal: 9, durationS: null, browser: { windowWidth: null } });
    // p3 answered 2 practice + 6 test + 2 attention trials, none of them served.
    expect(p3.flags).toEqual(['attention checks 0/2 correct, below 0.75', '10 answers to trials never served']);
    // Test-block answers: 10 test trials and 2 attention checks.
    expect(rows[2].flags).toEqual(['1 of 12 test answers faster than 200 ms']);
    expect(rows[2]).toMatchObject({ fastAnswers: 1, fastRulePassed: true });
  });

  it('cuts the approve and reject lists, the Prolific bonus file and the CSV from the rows', async () => {
    expect(decisionIds(rows, 'approve')).toBe('EXT-p0\n');
    expect(decisionIds(rows, 'reject')).toBe('EXT-p1\n');
    expect(prolificBonus(rows, 1.5)).toBe('EXT-p0,1.50\n');
    const csv = reconciliationCsv(rows).split('\n');
    expect(csv[0]).toContain('recruitmentId,submissionId,method,status');
    expect(csv[1]).toContain('EXT-p0,sub-0,zhang,completed,complete,2,2,true,0,true,12,12');
    const bad = await participantsDownload(t.db, KNOWN_STUDY_ID, new URLSearchParams('format=bonus&amount=-1'));
    expect(bad.status).toBe(400);
    const reject = await participantsDownload(t.db, KNOWN_STUDY_ID, new URLSearchParams('format=reject'));
    expect(reject.headers.get('content-disposition')).toBe(`attachment; filename="${KNOWN_STUDY_ID}-reject.txt"`);
    await expect(reject.text()).resolves.toBe('EXT-p1\n');
    expect((await participantsDownload(t.db, 'nope', new URLSearchParams())).status).toBe(404);
  });
});
