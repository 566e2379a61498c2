/**
 * A paid Prolific study end to end in headless Chromium: the researcher's own texts (Markdown,
 * rendered safely) and researcher block; Prolific participants who pass the attention check
 * (approved, completion code; one of them leaves the tab and full screen during a trial, which
 * the trial records), fail it (rejected, failed-checks code), answer faster than the study's
 * minimum (rejected by the fast-answer rule), or withdraw (kept out of everything); a bot that
 * answers without fetching images, refused; a simulated session kept out of the results and
 * then deleted; the approve/reject lists and the bonus file; the researcher's preview; the
 * study closed and reopened from the overview page; a results page whose rules exclude
 * everyone, saying who and why.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../app/lib/db/client';
import { resolveDatabase } from '../../app/lib/db/url';
import { submitResponse } from '../../app/lib/session/responses';
import { startSession } from '../../app/lib/session/start';
import { getTrialView } from '../../app/lib/session/trials';
import { deleteStudyData } from '../../app/lib/study/delete';
import { fromCsv } from '../../app/lib/trials';
import { chromiumSkipReason, launchChromium, type TestBrowser } from '../helpers/chromium';
import { startServer, type TestServer } from '../helpers/next-server';
import { createFixtureStudy, type FixtureStudy } from '../helpers/study-fixture';

const PASSWORD = 'paid-study-password';
const STUDY = 'paid';

describe.skipIf(!!chromiumSkipReason)('a paid Prolific study in Chromium', () => {
  let dir: string;
  let db: Db;
  let server: TestServer;
  let browser: TestBrowser;
  let fixture: FixtureStudy;
  const auth = { Authorization: `Bearer ${PASSWORD}` };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ct-e2e-paid-'));
    const file = path.join(dir, 'studies.db');
    db = await openDatabase(resolveDatabase(file));
    fixture = await createFixtureStudy(db, {
      id: STUDY,
      images: 8,
      config: {
        session: { practiceTrials: 0, testTrials: 3, attentionRate: 0.25 },
        presentation: { mode: 'unlimited' },
        attention: { minAccuracy: 1 },
        // Answers within 1 s of the options count as fast (a human-paced participant here waits 1.2 s); more than half fast excludes.
        quality: { minRtMs: 1000, maxFastShare: 0.5, fullscreen: true },
        recruitment: { platform: 'prolific', completionCode: 'PAIDOK', failedChecksCode: 'PAIDCHK', screenedOutCode: 'PAIDOUT' },
        texts: {
          title: 'Lab X colour study',
          consent: 'Welcome to **our study** of {trials} photo pairs. <script>window.__pwned = 1</script> [Read more](https://example.org/info)',
          debrief: 'The fakes were made by *computers*.',
          completion: 'Thanks! You will be paid within **3 days**.',
        },
        researcher: { name: 'Dr Ada Example', institution: 'Example University', contact: 'ada@example.org', ethicsApproval: 'EC-2026-042', payment: '£1.20', dataRetention: '5 years' },
      },
    });
    [server, browser] = await Promise.all([startServer({ DATABASE_URL: file, ADMIN_PASSWORD: PASSWORD }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await db?.$disconnect();
    await fixture?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  interface Behaviour {
    passAttention: boolean;
    /** answer as soon as the options show (a script's pace) instead of after 1.2 s */
    fast?: boolean;
    /** during this trial, leave the tab and full screen before answering */
    leaveDuring?: number;
  }

  /** Opens the study as Prolific participant `pid` and starts it: the page at the first trial, and the session's token. */
  async function arrive(pid: string): Promise<{ page: Page; token: string }> {
    const context = await browser.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.route('https://app.prolific.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Prolific</h1>' }));
    const page = await context.newPage();
    await page.goto(`${server.url}/s/${STUDY}?PROLIFIC_PID=${pid}&STUDY_ID=st&SESSION_ID=sub-${pid}`);
    await page.waitForURL(/\/p\//);
    const token = page.url().split('/p/')[1];
    await page.getByRole('button', { name: 'I agree, continue' }).click();
    await expect(page.getByTestId('fullscreen-instructions').textContent()).resolves.toMatch(/full screen/);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Start the study' }).click();
    return { page, token };
  }

  /** Answers trial `index` (whose truth is `t`) the way `how` says. */
  async function answer(page: Page, t: { index: number; kind: string; realSide: string | null }, how: Behaviour): Promise<void> {
    await page.getByTestId('show-pair').and(page.locator(':enabled')).click();
    const fake = t.realSide === 'left' ? 'Right' : 'Left';
    const real = t.realSide === 'left' ? 'Left' : 'Right';
    const button = page.getByRole('button', { name: t.kind === 'attention' && !how.passAttention ? real : fake });
    await button.waitFor({ state: 'visible' });
    if (how.leaveDuring === t.index) {
      // Another tab takes the page's focus, and the participant leaves full screen (or, where headless
      // Chromium did not enter it, the browser says full screen ended).
      await page.evaluate(async () => {
        window.dispatchEvent(new Event('blur'));
        window.dispatchEvent(new Event('focus'));
        if (document.fullscreenElement) await document.exitFullscreen();
        else document.dispatchEvent(new Event('fullscreenchange'));
      });
    }
    if (!how.fast) await page.waitForTimeout(1200);
    await button.click();
  }

  /** Takes the study as Prolific participant `pid`; returns the completion code shown. */
  async function takePart(pid: string, how: Behaviour): Promise<{ page: Page; code: string }> {
    const { page, token } = await arrive(pid);
    const trials = await db.trial.findMany({ where: { sessionId: token }, orderBy: { index: 'asc' } });
    expect(trials.map((t) => t.kind).sort()).toEqual(['attention', 'test', 'test', 'test']);
    for (const t of trials) await answer(page, t, how);
    // The debrief text arrives with the state at the debrief stage (never with the page).
    await page.getByText('The fakes were made by computers.').waitFor();
    await page.getByRole('button', { name: 'Finish' }).click();
    const code = (await page.getByTestId('completion-code').textContent())!;
    await expect(page.getByTestId('completion').textContent()).resolves.toContain('You will be paid within 3 days.');
    return { page, code };
  }

  it('shows the researcher\'s texts safely, and gives the passing and the failing participant their codes', async () => {
    const context = await browser.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/s/${STUDY}?PROLIFIC_PID=reader`);
    await page.waitForURL(/\/p\//);
    // Each step has its own title, after the study's.
    await page.waitForFunction(() => document.title === 'Consent – Lab X colour study');
    await expect(page.locator('h1').textContent()).resolves.toBe('Lab X colour study');
    const consent = page.getByTestId('consent');
    await expect(consent.locator('strong').first().textContent()).resolves.toBe('our study');
    await expect(consent.textContent()).resolves.toContain('of 4 photo pairs. <script>window.__pwned = 1</script>');
    await expect(page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
    await expect(consent.getByRole('link', { name: 'Read more' }).getAttribute('href')).resolves.toBe('https://example.org/info');
    await expect(page.getByTestId('device-requirement').textContent()).resolves.toMatch(/computer .* at least 800 × 600 pixels/);
    const researcher = await page.getByTestId('researcher').textContent();
    for (const text of ['Dr Ada Example, Example University', 'ada@example.org', 'EC-2026-042', '£1.20', '5 years']) expect(researcher).toContain(text);
    // Declining asks first; going back keeps the session open.
    await page.getByRole('button', { name: 'I do not agree' }).click();
    await page.getByRole('button', { name: 'Go back' }).click();
    expect((await db.session.findFirstOrThrow({ where: { participant: { externalId: 'reader' } } })).stage).toBe('consent');
    await context.close();

    const good = await takePart('good-pid', { passAttention: true, leaveDuring: 1 });
    expect(good.code).toBe('PAIDOK');
    await good.page.waitForURL('https://app.prolific.com/submissions/complete?cc=PAIDOK');
    const bad = await takePart('bad-pid', { passAttention: false });
    expect(bad.code).toBe('PAIDCHK');
    // Every answer within the 1 s minimum: past the fast-answer rule's 50%, so the failed-checks code too.
    const fast = await takePart('fast-pid', { passAttention: true, fast: true });
    expect(fast.code).toBe('PAIDCHK');
  });

  it('records leaving the tab and full screen on the trial it happened in', async () => {
    const rows = fromCsv(await (await fetch(`${server.url}/api/admin/studies/${STUDY}/trials?format=csv`, { headers: auth })).text());
    const session = (await db.session.findFirstOrThrow({ where: { participant: { externalId: 'good-pid' } } })).ordinal;
    const good = rows.filter((r) => r.session === session).sort((a, b) => a.trialIndex - b.trialIndex);
    expect(good.map((r) => [r.focusLosses, r.fullscreenExits])).toEqual([
      [0, 0],
      [1, 1],
      [0, 0],
      [0, 0],
    ]);
  });

  it('lets a participant withdraw after confirming, says what happens, and keeps their answers out', async () => {
    const { page, token } = await arrive('quit-pid');
    const first = await db.trial.findFirstOrThrow({ where: { sessionId: token, index: 0 } });
    await answer(page, first, { passAttention: true });
    // Changing one's mind at the confirmation keeps the study going.
    await page.getByTestId('withdraw').click();
    const dialog = page.getByRole('alertdialog', { name: 'Withdraw from the study?' });
    await expect(dialog.textContent()).resolves.toMatch(/answers so far will not be used/);
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('No, continue the study');
    await page.getByRole('button', { name: 'No, continue the study' }).click();
    await page.getByTestId('show-pair').and(page.locator(':enabled')).waitFor();
    await page.getByTestId('withdraw').click();
    await page.getByRole('button', { name: 'Yes, withdraw' }).click();
    await page.getByRole('heading', { level: 1, name: 'You have withdrawn from the study' }).waitFor();
    const ended = await page.getByTestId('ended').textContent();
    expect(ended).toContain('Your answers will not be used: they are left out of the analysis');
    expect(ended).toContain('write to ada@example.org');
    expect(ended).toContain('Please return the study on Prolific; no completion code is needed.');
    await page.waitForFunction(() => document.title === 'You have withdrawn from the study – Lab X colour study');
    const stored = await db.session.findUniqueOrThrow({ where: { id: token } });
    expect([stored.stage, stored.withdrawnAt]).toEqual(['withdrawn', expect.any(Date)]);
    // Reloading shows the same end; its answer is in no export.
    await page.reload();
    await expect(page.locator('h1').textContent()).resolves.toBe('You have withdrawn from the study');
    const rows = fromCsv(await (await fetch(`${server.url}/api/admin/studies/${STUDY}/trials?format=csv&sources=all`, { headers: auth })).text());
    expect(rows.filter((r) => r.session === stored.ordinal)).toEqual([]);
  });

  it('refuses a bot that answers without fetching the trial or its images', async () => {
    const bot = await startSession(db, STUDY, { source: 'prolific', externalId: 'bot-pid', recruitment: {} });
    await db.session.update({ where: { id: bot.token }, data: { stage: 'test' } });
    const res = await fetch(`${server.url}/api/sessions/${bot.token}/trials/0/response`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ choice: 'left', rtMs: 1, timing: { firstOnsetMs: 0, firstOffsetMs: null, secondOnsetMs: 0, secondOffsetMs: null, optionsOnsetMs: 0 }, requestId: 'bot-answer-0' }),
    });
    expect(res.status).toBe(409);
    await expect(res.json()).resolves.toEqual({
      error: "Trial 0 has not been shown: its images were never sent to this session. Fetch them before answering; the answer is not stored.",
      code: 'not-shown',
    });
    expect(await db.response.count({ where: { trial: { sessionId: bot.token } } })).toBe(0);
    await db.participant.deleteMany({ where: { externalId: 'bot-pid' } });
  });

  it('keeps simulated sessions out of the results and downloads until asked, and deletes them', async () => {
    const sim = await startSession(db, STUDY, { source: 'simulated', externalId: 'sim-1', recruitment: {} });
    await db.session.update({ where: { id: sim.token }, data: { stage: 'test' } });
    for (let i = 0; i < 4; i++) {
      await getTrialView(db, sim.token, i);
      await submitResponse(db, sim.token, i, { choice: 'left', rtMs: 1, timing: { firstOnsetMs: null, firstOffsetMs: null, secondOnsetMs: null, secondOffsetMs: null, optionsOnsetMs: null }, requestId: `simulated-${i}` } as never);
    }
    const real = fromCsv(await (await fetch(`${server.url}/api/admin/studies/${STUDY}/trials?format=csv`, { headers: auth })).text());
    // good, bad and fast: 4 answers each (the withdrawn participant's answer is in no export).
    expect(real).toHaveLength(12);
    expect(new Set(real.map((r) => r.source))).toEqual(new Set(['prolific']));
    expect(real.every((r) => r.servedAt !== null)).toBe(true);
    const all = fromCsv(await (await fetch(`${server.url}/api/admin/studies/${STUDY}/trials?format=csv&sources=all`, { headers: auth })).text());
    expect(all.filter((r) => r.source === 'simulated')).toHaveLength(4);
    expect(await deleteStudyData(db, STUDY, ['simulated'])).toBe(1);
    const after = fromCsv(await (await fetch(`${server.url}/api/admin/studies/${STUDY}/trials?format=csv&sources=all`, { headers: auth })).text());
    expect(after).toHaveLength(12);
  });

  it('approves and rejects by the rules (attention and fast answers), and writes the bonus file', async () => {
    const get = async (query: string) => (await fetch(`${server.url}/api/admin/studies/${STUDY}/participants?${query}`, { headers: auth })).text();
    await expect(get('format=approve')).resolves.toBe('good-pid\n');
    await expect(get('format=reject')).resolves.toBe('bad-pid\nfast-pid\n');
    await expect(get('format=bonus&amount=0.5')).resolves.toBe('good-pid,0.50\n');
    type Row = { recruitmentId: string; submissionId: string; status: string; decision: string; attentionPassed: boolean; fastRulePassed: boolean; flags: string[]; browser: { windowWidth: number } };
    const rows = JSON.parse(await get('format=json')) as Row[];
    const row = (pid: string) => rows.find((r) => r.recruitmentId === pid)!;
    expect(row('bad-pid')).toMatchObject({ submissionId: 'sub-bad-pid', attentionPassed: false, fastRulePassed: true, browser: { windowWidth: 1280 } });
    expect(row('fast-pid')).toMatchObject({ attentionPassed: true, fastRulePassed: false, decision: 'reject' });
    expect(row('fast-pid').flags).toContain('4 of 4 test answers faster than 1000 ms, more than the limit of 50%');
    expect(row('good-pid').flags).toEqual(['left the page or window during 1 of 4 trials', 'left full screen 1 time during trials']);
    expect(row('quit-pid')).toMatchObject({ status: 'withdrawn', decision: 'none' });
  });

  it('lets the researcher preview the study, and close and reopen it from the overview page', async () => {
    const context = await browser.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/studies/${STUDY}/participants`);
    await page.fill('#admin-password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${server.url}/admin/studies/${STUDY}/participants`);
    await expect(page.locator('[data-testid=reconciliation] tr[data-decision=approve] td').nth(1).textContent()).resolves.toBe('good-pid');
    await expect(page.locator('[data-testid=reconciliation] tr[data-decision=reject] td:nth-child(2)').allTextContents()).resolves.toEqual(['bad-pid', 'fast-pid']);
    await expect(page.locator('[data-testid=reconciliation] tr[data-status=withdrawn] [data-cell=flags]').textContent()).resolves.toContain('withdrew');
    // The results page: who was excluded by which rule, and the withdrawal left out.
    await page.goto(`${server.url}/admin/studies/${STUDY}/results`);
    await expect(page.getByTestId('withdrawn-notice').textContent()).resolves.toMatch(/^1 participant withdrew/);
    const exclusions = await page.getByTestId('exclusions').textContent();
    expect(exclusions).toMatch(/Fast answers:.*more than 50% of their test answers that fast are excluded/);
    expect(exclusions).toMatch(/attention checks 0\/1 correct/);
    expect(exclusions).toMatch(/4 of 4 test answers faster than 1000 ms, more than the limit of 50%/);
    await expect(page.locator('[data-tile="participants analysed"]').textContent()).resolves.toContain('1 of 3');

    await page.goto(`${server.url}/admin/studies/${STUDY}`);
    await page.getByTestId('preview').click();
    await page.waitForURL(/\/p\//);
    await expect(page.locator('h1').textContent()).resolves.toBe('Lab X colour study');
    expect(await db.participant.count({ where: { studyId: STUDY, source: 'preview' } })).toBe(1);
    await page.goto(`${server.url}/admin/studies/${STUDY}/results`);
    await expect(page.getByTestId('source-notice').textContent()).resolves.toMatch(/1 simulated or preview session is left out/);

    await page.goto(`${server.url}/admin/studies/${STUDY}`);
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(page.getByTestId('study-status').textContent()).resolves.toBe('closed');
    const visitor = await context.newPage();
    await visitor.goto(`${server.url}/s/${STUDY}?PROLIFIC_PID=late-pid`);
    await expect(visitor.getByTestId('start-error').textContent()).resolves.toMatch(/closed/);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(page.getByTestId('study-status').textContent()).resolves.toBe('open');
    await visitor.goto(`${server.url}/s/${STUDY}?PROLIFIC_PID=late-pid`);
    await visitor.waitForURL(/\/p\//);
    await context.close();
  });

  it('says who was excluded and why when the rules exclude everyone', async () => {
    // A stricter rule, as a researcher might set it after the fact: every answer under 10 s is fast, none allowed.
    const study = await db.study.findUniqueOrThrow({ where: { id: STUDY } });
    const config = JSON.parse(study.config);
    await db.study.update({ where: { id: STUDY }, data: { config: JSON.stringify({ ...config, quality: { ...config.quality, minRtMs: 10_000, maxFastShare: 0 } }) } });
    const context = await browser.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/studies/${STUDY}/results`);
    await page.fill('#admin-password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${server.url}/admin/studies/${STUDY}/results`);
    const empty = await page.getByTestId('results-empty').textContent();
    expect(empty).toMatch(/All 3 participants were excluded/);
    await expect(page.locator('[data-testid=excluded-participants] li').count()).resolves.toBe(3);
    expect(empty).toMatch(/attention checks 0\/1 correct, below the threshold 1; 4 of 4 test answers faster than 10000 ms/);
    await context.close();
  });
});
