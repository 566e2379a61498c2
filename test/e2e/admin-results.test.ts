// The researcher's side in headless Chromium: log in, read the known study's figures off
// the results page, load the gallery and a download with the session cookie, log out.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDatabase } from '../../app/lib/db/client';
import { resolveDatabase } from '../../app/lib/db/url';
import { projectRoot } from '../../app/lib/db/migrations';
import { fromCsv } from '../../app/lib/trials';
import { createEmptyStudy, createKnownStudy, KNOWN_STUDY_ID, KNOWN_STUDY_NAME } from '../app/lib/results/known-study';
import { chromiumSkipReason, launchChromium, type TestBrowser } from '../helpers/chromium';
import { startServer, type TestServer } from '../helpers/next-server';

const PASSWORD = 'e2e-admin-password';

describe.skipIf(!!chromiumSkipReason)('researcher pages in Chromium', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let page: Page;
  let dir: string;
  let participants: Record<string, string>;
  const pageErrors: string[] = [];
  /** Whether the page is wider than the 1280 px window (something overflows sideways). */
  const overflows = () => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ct-e2e-admin-'));
    const file = path.join(dir, 'studies.db');
    const db = await openDatabase(resolveDatabase(file));
    participants = (await createKnownStudy(db)).participants;
    await createEmptyStudy(db);
    await db.$disconnect();
    server = await startServer({ DATABASE_URL: file, ADMIN_PASSWORD: PASSWORD });
    browser = await launchChromium();
    page = await browser.browser.newPage({ viewport: { width: 1280, height: 900 } });
    // A script error (a hydration mismatch, say) fails the test that caused it.
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks for the password, refuses a wrong one and returns to the page asked for', async () => {
    await page.goto(`${server.url}/admin/studies/${KNOWN_STUDY_ID}/results`);
    await expect(page.locator('input[name=next]').getAttribute('value')).resolves.toBe(`/admin/studies/${KNOWN_STUDY_ID}/results`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Researcher sign-in');
    await expect(page.content()).resolves.not.toContain(KNOWN_STUDY_NAME);
    await page.fill('#admin-password', 'not-it');
    await page.click('button[type=submit]');
    await page.waitForURL(/error=wrong-password/);
    await expect(page.locator('[data-testid=login-error]').textContent()).resolves.toMatch(/not right/);
    await page.fill('#admin-password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${server.url}/admin/studies/${KNOWN_STUDY_ID}/results`);
    await expect(page.locator('h1').textContent()).resolves.toBe(KNOWN_STUDY_NAME);
  });

  it('shows the hand-computed counts, rates and intervals', async () => {
    const cell = (method: string, name: string) => page.locator(`[data-testid=method-results] tr[data-method="${method}"] [data-cell=${name}]`).textContent();
    // zhang: p0 3/10 + p1 5/10; Wilson 8/20 from R binom.confint: 0.2188-0.6134.
    await expect(cell('zhang', 'participants')).resolves.toBe('2');
    await expect(cell('zhang', 'trials')).resolves.toBe('20');
    await expect(cell('zhang', 'fooled')).resolves.toBe('8');
    await expect(cell('zhang', 'rate')).resolves.toBe('40.0%');
    await expect(cell('zhang', 'wilson')).resolves.toBe('21.9–61.3%');
    // R: binom.test(8, 20)$conf.int -> 0.1911901 0.6394574.
    await expect(cell('zhang', 'clopper-pearson')).resolves.toBe('19.1–63.9%');
    // coherent: p2 4/10 + p4 1/4 (p3 excluded): 5/14 = 35.7%; Wilson limits 0.1634, 0.6124 (score equation, see queries.test.ts).
    await expect(cell('coherent', 'trials')).resolves.toBe('14');
    await expect(cell('coherent', 'fooled')).resolves.toBe('5');
    await expect(cell('coherent', 'rate')).resolves.toBe('35.7%');
    await expect(cell('coherent', 'wilson')).resolves.toBe('16.3–61.2%');

    const chart = page.locator('[data-testid=fooling-rate-chart]');
    await expect(chart.locator('[data-method=zhang]').getAttribute('data-rate')).resolves.toBe('0.4');
    const chartText = await chart.textContent();
    expect(chartText).toContain('Zhang et al. 2016: 32.3%');
    expect(chartText).toContain('50%: indistinguishable from real');

    await expect(page.locator('[data-tile="participants analysed"]').textContent()).resolves.toContain('4 of 5');
    const exclusions = await page.locator('[data-testid=exclusions]').textContent();
    expect(exclusions).toMatch(/Session 3 .*attention checks 0\/2 correct, below the threshold 0.5/);
    const rows = page.locator('[data-testid=participant-table] tbody tr');
    await expect(rows.count()).resolves.toBe(5);
    await expect(page.locator(`[data-participant="${participants.p3}"]`).textContent()).resolves.toContain('excluded');
    // img01 fooled all four kept participants who saw it.
    await expect(page.locator('[data-testid=image-table] tr[data-image=img01] [data-cell=all]').textContent()).resolves.toBe('100% (4/4)');
    await expect(page.locator('[data-testid=metrics]').textContent()).resolves.toContain('0.891');
    // The baselines sit below the methods, labelled so: grayscale's AuC and PSNR, constant's AuC and — for its PSNR.
    await expect(page.locator('[data-testid=metrics] tr[data-baseline=grayscale]').innerText()).resolves.toMatch(/grayscale \(baseline\)\s+0\.888\s+22\.60\s+—/);
    await expect(page.locator('[data-testid=metrics] tr[data-baseline=constant]').innerText()).resolves.toMatch(/constant \(baseline\)\s+0\.886\s+—/);
    expect(await page.locator('body').innerText()).not.toMatch(/NaN|undefined|null/);
    await expect(page.locator('#fooling-chart-title').textContent()).resolves.toBe('Fooling rate per method with 95% Wilson score intervals');
    expect(pageErrors).toEqual([]);
  });

  it('loads the gallery through the authenticated asset route and takes a screenshot', async () => {
    const images = page.locator('[data-testid=gallery] img');
    await expect(images.count()).resolves.toBeGreaterThanOrEqual(4 * 4);
    for (const img of await images.all()) await img.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('[data-testid=gallery] img')].every((i) => i.complete && i.naturalWidth === 32));
    // The gallery (a real photo, each method and its colours-only view per row) fits a 1280 px window.
    await expect(overflows()).resolves.toBe(false);
    mkdirSync(path.join(projectRoot, 'test-results'), { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(projectRoot, 'test-results', 'admin-results.png'), fullPage: true });
  });

  it('downloads the raw trials with the session cookie', async () => {
    const href = await page.locator('[data-testid=downloads] a', { hasText: 'Raw trials (CSV)' }).getAttribute('href');
    const res = await page.request.get(server.url + href);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-disposition']).toBe(`attachment; filename="${KNOWN_STUDY_ID}-trials.csv"`);
    const rows = fromCsv(await res.text());
    expect(rows).toHaveLength(58);
    expect(rows.filter((r) => r.kind === 'test' && r.method === 'zhang' && r.fooled)).toHaveLength(8);
  });

  it('lists the studies and shows the Prolific link and progress', async () => {
    // Signed in, the login page sends one on (only to admin pages).
    await page.goto(`${server.url}/admin/login?next=https%3A%2F%2Fevil.example%2F`);
    await page.waitForURL(`${server.url}/admin`);
    await expect(page.locator('[data-testid=studies-table] tbody tr').count()).resolves.toBe(2);
    await expect(overflows()).resolves.toBe(false);
    await expect(page.locator(`tr[data-study=${KNOWN_STUDY_ID}]`).textContent()).resolves.toContain(KNOWN_STUDY_NAME);
    await page.click(`tr[data-study=${KNOWN_STUDY_ID}] a >> nth=0`);
    await page.waitForURL(`${server.url}/admin/studies/${KNOWN_STUDY_ID}`);
    await expect(page.locator('[data-testid=participant-link] code').first().textContent()).resolves.toBe(
      `${server.url}/s/${KNOWN_STUDY_ID}?PROLIFIC_PID={{%PROLIFIC_PID%}}&STUDY_ID={{%STUDY_ID%}}&SESSION_ID={{%SESSION_ID%}}`,
    );
    const coherent = await page.locator('[data-testid=method-progress] tr[data-method=coherent]').textContent();
    expect(coherent).toContain('20');
    await page.screenshot({ path: path.join(projectRoot, 'test-results', 'admin-study.png'), fullPage: true });
  });

  it('gives a friendly empty state for a study without answers', async () => {
    await page.goto(`${server.url}/admin/studies/empty-study/results`);
    await expect(page.locator('[data-testid=results-empty]').textContent()).resolves.toMatch(/Nothing to analyse yet.*No answers yet/);
    expect(await page.locator('body').innerText()).not.toMatch(/NaN|undefined|null/);
    const missing = await page.goto(`${server.url}/admin/studies/no-such-study/results`);
    expect(missing?.status()).toBe(404);
    await expect(page.textContent('body')).resolves.toContain('There is no such study');
  });

  it('logs out', async () => {
    await page.goto(`${server.url}/admin`);
    await page.click('text=Log out');
    await page.waitForURL(`${server.url}/admin/login`);
    await page.goto(`${server.url}/admin/studies/${KNOWN_STUDY_ID}/results`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Researcher sign-in');
  });
});
