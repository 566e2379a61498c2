/**
 * A participant in headless Chromium completes a whole session of a small study (2 practice
 * + 6 test + 1 attention trials, 100 ms exposures): consent, instructions, browser check,
 * practice with feedback, test trials with a reload in the middle and a dropped connection,
 * debrief, and the Prolific redirect with the completion code. The database must then hold
 * exactly the answers given. Also what a screen reader and a keyboard need (headings that
 * take the focus, a title per step, landmarks, announced feedback), the contrast of the
 * trial screen, and no missing file (the favicon).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDatabase, type Db } from '../../app/lib/db/client';
import { resolveDatabase } from '../../app/lib/db/url';
import { chromiumSkipReason, launchChromium, type TestBrowser } from '../helpers/chromium';
import { contrastRatio } from '../helpers/contrast';
import { startServer, type TestServer } from '../helpers/next-server';
import { createFixtureStudy, type FixtureStudy } from '../helpers/study-fixture';

const EXPOSURE = 100;
const GAP = 100;

describe.skipIf(!!chromiumSkipReason)('participant session in Chromium', () => {
  let dir: string;
  let db: Db;
  let server: TestServer;
  let browser: TestBrowser;
  const fixtures: FixtureStudy[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ct-e2e-participant-'));
    const file = path.join(dir, 'studies.db');
    db = await openDatabase(resolveDatabase(file));
    const session = { practiceTrials: 2, testTrials: 6, attentionRate: 0.15 };
    const presentation = { mode: 'sequential' as const, exposureMs: EXPOSURE, gapMs: GAP };
    fixtures.push(
      await createFixtureStudy(db, {
        id: 'e2e',
        config: { session, presentation, recruitment: { platform: 'prolific', completionCode: 'E2ECODE', screenedOutCode: 'SMALL1' } },
      }),
    );
    fixtures.push(
      await createFixtureStudy(db, {
        id: 'e2e-unlimited',
        photoSize: 256,
        config: { imageSize: 256, session: { practiceTrials: 0, testTrials: 2, attentionRate: 0 }, presentation: { mode: 'unlimited' } },
      }),
    );
    [server, browser] = await Promise.all([startServer({ DATABASE_URL: file }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await db?.$disconnect();
    for (const f of fixtures) await f.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The side the participant will pick for trial `index`: the fake on even indices, the real photo on odd ones. */
  async function plannedChoice(token: string, index: number): Promise<'left' | 'right'> {
    const trial = await db.trial.findFirstOrThrow({ where: { sessionId: token, index }, select: { realSide: true } });
    const fake = trial.realSide === 'left' ? 'right' : 'left';
    return index % 2 === 0 ? fake : (trial.realSide as 'left' | 'right');
  }

  async function answerTrial(page: Page, token: string, index: number, practice: boolean): Promise<void> {
    await page.getByTestId('show-pair').and(page.locator(':enabled')).waitFor();
    // Nothing on the page tells the sides apart before the answer.
    const html = await page.content();
    expect(html).not.toMatch(/realSide|attention|alpha|beta|photo\d\d/);
    await page.keyboard.press('Space');
    await page.locator('[data-testid=options] button').first().waitFor({ state: 'visible' });
    const srcs = await page.locator('[data-slot] img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).getAttribute('src')));
    expect(srcs).toEqual([0, 1].map((slot) => `/api/sessions/${token}/trials/${index}/image/${slot}`));
    const choice = await plannedChoice(token, index);
    await page.keyboard.press(choice === 'left' ? 'f' : 'j');
    if (practice) {
      const feedback = page.getByTestId('feedback');
      await feedback.waitFor();
      await expect(feedback.locator('p').first().textContent()).resolves.toBe(index % 2 === 0 ? 'Correct!' : 'Not quite.');
      await page.keyboard.press('Space');
    }
  }

  it('completes a whole session, with a reload and a dropped answer in the middle, and redirects to Prolific', async () => {
    const context = await browser.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const pageErrors: Error[] = [];
    page.on('pageerror', (e) => pageErrors.push(e));
    await context.route('https://app.prolific.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Prolific</h1>' }));
    await page.goto(`${server.url}/s/e2e?PROLIFIC_PID=e2e-participant&STUDY_ID=st&SESSION_ID=se`);
    await page.waitForURL(/\/p\/[A-Za-z0-9_-]{24}$/);
    const token = page.url().split('/p/')[1];

    await page.getByRole('button', { name: 'I agree, continue' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Start the practice' }).click();
    for (const i of [0, 1]) await answerTrial(page, token, i, true);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    for (const i of [2, 3, 4]) await answerTrial(page, token, i, false);

    // Reload: the session resumes at the next unanswered trial, progress included.
    await page.reload();
    await expect(page.getByTestId('progress').textContent()).resolves.toBe('Pair 4 of 7');

    // The connection drops as the next answer is sent: a notice, then it goes through once.
    let dropped = 0;
    await page.route('**/trials/5/response', async (route) => {
      if (dropped++ === 0) return route.abort('internetdisconnected');
      await new Promise((r) => setTimeout(r, 800)); // keep the notice up long enough to see
      return route.continue();
    });
    await answerTrial(page, token, 5, false);
    await page.getByTestId('connection-notice').waitFor();
    await page.getByTestId('connection-notice').waitFor({ state: 'detached' });
    expect(dropped).toBe(2);
    for (const i of [6, 7, 8]) await answerTrial(page, token, i, false);

    await page.getByRole('button', { name: 'Finish' }).click();
    await expect(page.getByTestId('completion-code').textContent()).resolves.toBe('E2ECODE');
    await page.waitForURL('https://app.prolific.com/submissions/complete?cc=E2ECODE');

    const session = await db.session.findUniqueOrThrow({
      where: { id: token },
      include: { trials: { include: { response: true }, orderBy: { index: 'asc' } }, participant: true },
    });
    expect(session.stage).toBe('complete');
    expect(session.participant).toMatchObject({ source: 'prolific', externalId: 'e2e-participant' });
    expect(JSON.parse(session.recruitment)).toEqual({ STUDY_ID: 'st', SESSION_ID: 'se' });
    expect(JSON.parse(session.client!)).toMatchObject({ windowWidth: 1280, windowHeight: 800, touchOnly: false, verdict: { ok: true } });
    expect(session.trials.map((t) => t.kind)).toEqual(['practice', 'practice', ...Array(7).fill(expect.stringMatching(/^(test|attention)$/))]);
    expect(session.trials.filter((t) => t.kind === 'attention')).toHaveLength(1);
    expect(await db.response.count({ where: { trial: { sessionId: token } } })).toBe(9);
    for (const t of session.trials) {
      const r = t.response!;
      expect(r.choice).toBe(await plannedChoice(token, t.index));
      expect(r.correct).toBe(t.index % 2 === 0);
      expect(r.rtMs).toBeGreaterThan(0);
      // Measured with requestAnimationFrame: each image shown for about EXPOSURE ms, GAP apart, options after.
      const timing = JSON.parse(r.timing);
      expect(timing.firstOnsetMs).toBeGreaterThan(0);
      expect(timing.firstOffsetMs - timing.firstOnsetMs).toBeGreaterThan(EXPOSURE - 20);
      expect(timing.firstOffsetMs - timing.firstOnsetMs).toBeLessThan(EXPOSURE + 120);
      expect(timing.secondOnsetMs - timing.firstOffsetMs).toBeGreaterThan(GAP - 20);
      expect(timing.secondOffsetMs - timing.secondOnsetMs).toBeGreaterThan(EXPOSURE - 20);
      expect(timing.optionsOnsetMs).toBe(timing.secondOffsetMs);
    }

    // Coming back with the same Prolific id shows the completion again, not a new session.
    await page.goto(`${server.url}/s/e2e?PROLIFIC_PID=e2e-participant&STUDY_ID=st&SESSION_ID=other`);
    await page.waitForURL(`${server.url}/p/${token}`);
    await expect(page.getByTestId('completion-code').textContent()).resolves.toBe('E2ECODE');
    expect(await db.session.count({ where: { studyId: 'e2e' } })).toBe(1);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('runs unlimited presentation with mouse answers on a direct link, and gives a per-session code', async () => {
    const context = await browser.browser.newContext({ viewport: { width: 1100, height: 700 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/s/e2e-unlimited`);
    await page.waitForURL(/\/p\//);
    const token = page.url().split('/p/')[1];
    await page.screenshot({ path: 'test-results/participant-consent.png' });
    await page.getByRole('button', { name: 'I agree, continue' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Start the study' }).click();
    for (const index of [0, 1]) {
      await page.getByTestId('show-pair').and(page.locator(':enabled')).click();
      const left = page.getByRole('button', { name: 'Left' });
      await left.waitFor({ state: 'visible' });
      // Both photos and the options are on screen together until the answer.
      await expect(page.locator('[data-slot] img').evaluateAll((imgs) => imgs.map((i) => getComputedStyle(i).visibility))).resolves.toEqual(['visible', 'visible']);
      if (index === 0) await page.screenshot({ path: 'test-results/participant-trial.png' });
      await (index === 0 ? left : page.getByRole('button', { name: 'Right' })).click();
    }
    await page.getByRole('button', { name: 'Finish' }).click();
    const code = await page.getByTestId('completion-code').textContent();
    expect(code).toMatch(/^[0-9A-F]{10}$/);
    const responses = await db.response.findMany({ where: { trial: { sessionId: token } }, include: { trial: true }, orderBy: { trial: { index: 'asc' } } });
    expect(responses.map((r) => r.choice)).toEqual(['left', 'right']);
    for (const r of responses) {
      const timing = JSON.parse(r.timing);
      // Unlimited: both onsets and the options in one frame, nothing hidden before the answer.
      expect(timing.firstOnsetMs).toBe(timing.secondOnsetMs);
      expect(timing.optionsOnsetMs).toBe(timing.firstOnsetMs);
      expect([timing.firstOffsetMs, timing.secondOffsetMs]).toEqual([null, null]);
      expect(r.trial.exposureMs).toBeNull();
    }
    // A refresh of the study link (same cookie) finds the same, completed session.
    await page.goto(`${server.url}/s/e2e-unlimited`);
    await page.waitForURL(`${server.url}/p/${token}`);
    await expect(page.getByTestId('completion-code').textContent()).resolves.toBe(code);
    await context.close();
  });

  it('moves the focus to each screen\'s heading, titles every step, announces feedback, keeps contrast and misses no file', async () => {
    const context = await browser.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const missing: string[] = [];
    page.on('response', (r) => r.status() === 404 && missing.push(r.url()));
    const focused = () => page.evaluate(() => [document.activeElement?.tagName, document.activeElement?.textContent]);
    /** The heading has the focus and the document title names the step. */
    async function onScreen(heading: string, title: string) {
      await page.waitForFunction((t) => document.title === t, title);
      await expect(focused()).resolves.toEqual(['H1', heading]);
    }
    await page.goto(`${server.url}/s/e2e?PROLIFIC_PID=a11y-participant`);
    await page.waitForURL(/\/p\//);
    await onScreen('Colour perception study', 'Consent – Colour perception study');
    await page.getByRole('button', { name: 'I agree, continue' }).click();
    await onScreen('Instructions', 'Instructions – Colour perception study');
    await page.getByRole('button', { name: 'Continue' }).click();
    await onScreen('Checking your browser', 'Browser check – Colour perception study');
    await page.getByRole('button', { name: 'Start the practice' }).click();

    // The trial screen: one main landmark, its h1 (for screen readers) focused, the step in the title.
    await onScreen('Practice 1 of 2', 'Practice 1 of 2 – Colour perception study');
    await expect(page.locator('main').count()).resolves.toBe(1);
    // The live region is on the page before the feedback, so that the feedback is announced when it appears.
    const status = page.locator('main [role=status]');
    await expect(status.textContent()).resolves.toBe('');
    // Text on the grey trial screen, and the buttons against it (their 2 px border) and their own text.
    const stage = await page.locator('main').evaluate((m) => ({ bg: getComputedStyle(m).backgroundColor, fg: getComputedStyle(m).color }));
    expect(contrastRatio(stage.fg, stage.bg)).toBeGreaterThanOrEqual(4.5);
    const button = await page.getByTestId('show-pair').evaluate((b) => ({ border: getComputedStyle(b).borderTopColor, bg: getComputedStyle(b).backgroundColor, fg: getComputedStyle(b).color }));
    expect(contrastRatio(button.border, stage.bg)).toBeGreaterThanOrEqual(3);
    expect(contrastRatio(button.fg, button.bg)).toBeGreaterThanOrEqual(4.5);
    await page.getByTestId('show-pair').and(page.locator(':enabled')).waitFor();
    await page.keyboard.press('Space');
    const left = page.locator('[data-testid=options] button').first();
    await left.waitFor({ state: 'visible' });
    const answer = await left.evaluate((b) => ({ border: getComputedStyle(b).borderTopColor, bg: getComputedStyle(b).backgroundColor, fg: getComputedStyle(b).color }));
    expect(contrastRatio(answer.border, stage.bg)).toBeGreaterThanOrEqual(3);
    expect(contrastRatio(answer.fg, answer.bg)).toBeGreaterThanOrEqual(4.5);
    await page.keyboard.press('f');
    await page.getByTestId('feedback').waitFor();
    await expect(status.textContent()).resolves.toMatch(/^(Correct!|Not quite\.)The photo with fake colours was the (first \(left\)|second \(right\)) one\.$/);
    await page.keyboard.press('Space');
    await onScreen('Practice 2 of 2', 'Practice 2 of 2 – Colour perception study');

    // Every page has its icon: no 404, for the favicon or anything else.
    const icon = await page.locator('link[rel=icon]').first().getAttribute('href');
    expect((await page.request.get(server.url + icon)).status()).toBe(200);
    expect(missing).toEqual([]);
    await context.close();
  });

  it('turns a phone away before any session exists, so the same Prolific id can take part later from a computer', async () => {
    const phone = await browser.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
    });
    const page = await phone.newPage();
    await page.goto(`${server.url}/s/e2e?PROLIFIC_PID=phone-user`);
    const refused = page.getByTestId('device-refused');
    await refused.waitFor();
    await expect(refused.textContent()).resolves.toMatch(/cannot be done on a phone.*at least \d+ × \d+ pixels.*Nothing has been recorded/);
    expect(await db.participant.count({ where: { externalId: 'phone-user' } })).toBe(0);
    await phone.close();

    const desktop = await browser.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const later = await desktop.newPage();
    await later.goto(`${server.url}/s/e2e?PROLIFIC_PID=phone-user`);
    await later.waitForURL(/\/p\//);
    await later.getByRole('button', { name: 'I agree, continue' }).waitFor();
    const session = await db.session.findFirstOrThrow({ where: { participant: { externalId: 'phone-user' } } });
    expect(session.stage).toBe('consent');
    await desktop.close();
  });
});
