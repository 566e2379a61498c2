/**
 * The single-image protocols in headless Chromium, one session each (small studies, short
 * exposures): hype-time through tutorial, qualification and a staircase-timed test block with a
 * reload in the middle, ending in the Prolific redirect; a failed qualification ending with the
 * screened-out code; hype-infinity on a direct link with mouse answers. The database must hold
 * the answers given, the exposures the staircase asked for and the measured display times, and
 * the results page must show the staircase and the timing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDatabase, type Db } from '../../app/lib/db/client';
import { resolveDatabase } from '../../app/lib/db/url';
import { nextExposure } from '../../app/lib/hype/staircase';
import { chromiumSkipReason, launchChromium, type TestBrowser } from '../helpers/chromium';
import { startServer, type TestServer } from '../helpers/next-server';
import { createFixtureStudy, type FixtureStudy } from '../helpers/study-fixture';

const PASSWORD = 'e2e-hype-password';
const staircase = { startMs: 150, minMs: 50, maxMs: 250, stepMs: 50, initialStepMs: 50, down: 2 };
const MASK = 100;

describe.skipIf(!!chromiumSkipReason)('single-image (HYPE) sessions in Chromium', () => {
  let dir: string;
  let db: Db;
  let server: TestServer;
  let browser: TestBrowser;
  const fixtures: FixtureStudy[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ct-e2e-hype-'));
    const file = path.join(dir, 'studies.db');
    db = await openDatabase(resolveDatabase(file));
    fixtures.push(
      await createFixtureStudy(db, {
        id: 'e2e-time',
        config: {
          protocol: 'hype-time',
          session: { practiceTrials: 2, testTrials: 6, attentionRate: 0.15 },
          hype: { staircase, maskMs: MASK, qualification: { trials: 2, minAccuracy: 1 } },
          recruitment: { platform: 'prolific', completionCode: 'HYPECODE', screenedOutCode: 'NOTQUAL' },
        },
      }),
    );
    fixtures.push(
      await createFixtureStudy(db, {
        id: 'e2e-inf',
        photoSize: 256,
        config: { protocol: 'hype-infinity', imageSize: 256, session: { practiceTrials: 1, testTrials: 4, attentionRate: 0 }, hype: { qualification: { trials: 0 } } },
      }),
    );
    [server, browser] = await Promise.all([startServer({ DATABASE_URL: file, ADMIN_PASSWORD: PASSWORD }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await db?.$disconnect();
    for (const f of fixtures) await f.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const truth = (token: string, index: number) => db.trial.findFirstOrThrow({ where: { sessionId: token, index } });

  /** Shows trial `index` and answers it right or wrong with the keyboard (R = real, F = fake). */
  async function answerTrial(page: Page, token: string, index: number, right: boolean, feedback: boolean): Promise<void> {
    await page.getByTestId('show-photo').and(page.locator(':enabled')).waitFor();
    // Nothing on the page tells a real photo from a fake, or a check from a test trial.
    expect(await page.content()).not.toMatch(/showsReal|attention|alpha|beta|photo\d\d/);
    await page.keyboard.press('Space');
    await page.locator('[data-testid=options] button').first().waitFor({ state: 'visible' });
    expect(await page.locator('[data-slot] img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).getAttribute('src')))).toEqual([
      `/api/sessions/${token}/trials/${index}/image/0`,
    ]);
    // The mask is a pattern of random colours the size of the image (hidden again once the buttons show).
    const mask = await page.getByTestId('mask').evaluate((c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const reds = new Set<number>();
      for (let i = 0; i < data.length; i += 4 * 97) reds.add(data[i]);
      return { visibility: getComputedStyle(canvas).visibility, width: canvas.width, distinctReds: reds.size };
    });
    expect(mask).toMatchObject({ visibility: 'hidden', width: 64 });
    expect(mask.distinctReds).toBeGreaterThan(10);
    const t = await truth(token, index);
    await page.keyboard.press(t.showsReal === right ? 'r' : 'f');
    if (feedback) {
      const box = page.getByTestId('feedback');
      await box.waitFor();
      await expect(box.locator('p').first().textContent()).resolves.toBe(right ? 'Correct!' : 'Not quite.');
      await expect(box.locator('p').nth(1).textContent()).resolves.toBe(`This photo had its ${t.showsReal ? 'real' : 'fake'} colours.`);
      await page.keyboard.press('Space');
    }
  }

  async function enter(page: Page, url: string): Promise<string> {
    await page.goto(url);
    await page.waitForURL(/\/p\/[A-Za-z0-9_-]{24}$/);
    const token = page.url().split('/p/')[1];
    await page.getByRole('button', { name: 'I agree, continue' }).click();
    await page.getByRole('heading', { name: 'Instructions' }).waitFor();
    return token;
  }

  it('hype-time: tutorial, qualification, staircase-timed photos with a mask, a reload, and the Prolific redirect', async () => {
    const context = await browser.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const pageErrors: Error[] = [];
    page.on('pageerror', (e) => pageErrors.push(e));
    await context.route('https://app.prolific.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Prolific</h1>' }));
    const token = await enter(page, `${server.url}/s/e2e-time?PROLIFIC_PID=hype-participant&STUDY_ID=st&SESSION_ID=se`);
    await expect(page.locator('main').textContent()).resolves.toMatch(/one photo, very briefly \(between 0\.05 and 0\.25 seconds\)/);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Start the tutorial' }).click();
    await answerTrial(page, token, 0, true, true);
    await answerTrial(page, token, 1, false, true);
    await expect(page.getByTestId('block-intro').locator('h2').textContent()).resolves.toBe('The tutorial is over');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await expect(page.getByTestId('progress').textContent()).resolves.toBe('Qualification 1 of 2');
    for (const i of [2, 3]) await answerTrial(page, token, i, true, false);
    await expect(page.getByTestId('block-intro').locator('h2').textContent()).resolves.toBe('You passed the qualification');
    await page.getByRole('button', { name: 'Start', exact: true }).click();

    // Test block (7 trials: 6 tests and an attention check): right, right, wrong, then right again.
    const pattern = [true, true, false, true, true, true, true];
    for (const i of [4, 5, 6]) {
      await answerTrial(page, token, i, pattern[i - 4], false);
      if (i === 4) await page.screenshot({ path: 'test-results/hype-ready.png' });
    }
    await page.reload();
    // The third answer may still have been on its way at the reload: the page resends it from
    // localStorage first, so the progress reaches 4 of 7 (and must not go past it).
    await page.waitForFunction(() => document.querySelector('[data-testid=progress]')?.textContent === 'Photo 4 of 7', undefined, { timeout: 15_000 });
    await expect(page.getByTestId('progress').textContent()).resolves.toBe('Photo 4 of 7');
    for (const i of [7, 8, 9, 10]) await answerTrial(page, token, i, pattern[i - 4], false);
    await page.getByRole('button', { name: 'Finish' }).click();
    await expect(page.getByTestId('completion-code').textContent()).resolves.toBe('HYPECODE');
    await page.waitForURL('https://app.prolific.com/submissions/complete?cc=HYPECODE');

    const trials = await db.trial.findMany({ where: { sessionId: token }, include: { response: true }, orderBy: { index: 'asc' } });
    expect(trials.map((t) => t.kind).slice(0, 4)).toEqual(['tutorial', 'tutorial', 'qualification', 'qualification']);
    expect(trials.every((t) => t.response)).toBe(true);
    // Each test trial was shown at the level the staircase gave it from the answers before it.
    const answers: boolean[] = [];
    for (const t of trials) {
      const r = t.response!;
      const timing = JSON.parse(r.timing);
      if (t.kind === 'test') {
        expect(t.exposureMs, `trial ${t.index}`).toBe(nextExposure(staircase, answers));
        answers.push(r.correct);
      }
      if (t.kind === 'tutorial' || t.kind === 'qualification') expect(t.exposureMs).toBe(staircase.startMs);
      expect(r.correct).toBe((r.choice === 'real') === t.showsReal);
      // Measured with requestAnimationFrame: the image for about its exposure, then the mask, then the buttons.
      expect(timing.firstOffsetMs - timing.firstOnsetMs).toBeGreaterThan(t.exposureMs! - 20);
      expect(timing.firstOffsetMs - timing.firstOnsetMs).toBeLessThan(t.exposureMs! + 120);
      expect(timing.maskOnsetMs).toBe(timing.firstOffsetMs);
      expect(timing.maskOffsetMs - timing.maskOnsetMs).toBeGreaterThan(MASK - 20);
      expect(timing.optionsOnsetMs).toBe(timing.maskOffsetMs);
    }
    expect(new Set(trials.filter((t) => t.kind === 'test').map((t) => t.exposureMs)).size).toBeGreaterThan(1);
    expect(pageErrors).toEqual([]);

    // The results page: the staircase of this participant, and the display timing of every timed trial.
    await page.goto(`${server.url}/admin/studies/e2e-time/results`);
    await page.fill('#admin-password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${server.url}/admin/studies/e2e-time/results`);
    await page.getByTestId('hype-score-chart').waitFor();
    const plots = page.getByTestId('staircase-plot');
    await expect(plots.count()).resolves.toBe(1);
    await expect(page.getByTestId('exposure-timing').locator('[data-cell=measured]').textContent()).resolves.toBe('11 of 11 timed trials');
    await expect(page.getByTestId('hype-method-results').locator('tbody tr').count()).resolves.toBe(2);
    await page.screenshot({ path: 'test-results/hype-results.png', fullPage: true });
    await context.close();
  });

  it('hype-time: a failed qualification ends the session with the screened-out code, answers kept', async () => {
    const context = await browser.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const token = await enter(page, `${server.url}/s/e2e-time?PROLIFIC_PID=unlucky`);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Start the tutorial' }).click();
    for (const i of [0, 1]) await answerTrial(page, token, i, true, true);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await answerTrial(page, token, 2, true, false);
    await answerTrial(page, token, 3, false, false);
    const ended = page.getByTestId('ended');
    await ended.waitFor();
    await expect(ended.textContent()).resolves.toMatch(/did not reach the accuracy this study needs.*NOTQUAL/);
    expect((await db.session.findUniqueOrThrow({ where: { id: token } })).stage).toBe('screened-out');
    expect(await db.response.count({ where: { trial: { sessionId: token } } })).toBe(4);
    await context.close();
  });

  it('hype-infinity: the photo and the buttons stay until a mouse answer; no exposure, no mask', async () => {
    const context = await browser.browser.newContext({ viewport: { width: 1100, height: 700 } });
    const page = await context.newPage();
    const token = await enter(page, `${server.url}/s/e2e-inf`);
    await expect(page.locator('main').textContent()).resolves.toMatch(/one photo, for as long as you like/);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Start the tutorial' }).click();
    for (let index = 0; index < 5; index++) {
      await page.getByTestId('show-photo').and(page.locator(':enabled')).click();
      const real = page.getByRole('button', { name: /^Real/ });
      await real.waitFor({ state: 'visible' });
      await expect(page.locator('[data-slot] img').evaluate((i) => getComputedStyle(i).visibility)).resolves.toBe('visible');
      await expect(page.getByTestId('mask').evaluate((c) => getComputedStyle(c).visibility)).resolves.toBe('hidden');
      if (index === 1) await page.screenshot({ path: 'test-results/hype-infinity-trial.png' });
      await (index % 2 === 0 ? real : page.getByRole('button', { name: /^Fake/ })).click();
      if (index === 0) {
        await page.getByTestId('feedback').waitFor();
        await page.getByRole('button', { name: /Continue/ }).click();
        await page.getByRole('button', { name: 'Start', exact: true }).click();
      }
    }
    await page.getByRole('button', { name: 'Finish' }).click();
    await expect(page.getByTestId('completion-code').textContent()).resolves.toMatch(/^[0-9A-F]{10}$/);
    const responses = await db.response.findMany({ where: { trial: { sessionId: token } }, include: { trial: true }, orderBy: { trial: { index: 'asc' } } });
    expect(responses.map((r) => r.choice)).toEqual(['real', 'fake', 'real', 'fake', 'real']);
    for (const r of responses) {
      const timing = JSON.parse(r.timing);
      expect(r.trial.exposureMs).toBeNull();
      expect(timing.optionsOnsetMs).toBe(timing.firstOnsetMs);
      expect([timing.firstOffsetMs, timing.maskOnsetMs]).toEqual([null, null]);
    }
    await context.close();
  });
});
