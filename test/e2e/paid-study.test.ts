/**
 * A paid Prolific study end to end in headless Chromium: the researcher's own texts (Markdown,
 * rendered safely) and researcher block; two Prolific participants, one who passes the
 * attention check (approved, completion code) and one who fails it (rejected, failed-checks
 * code); a simulated session kept out of the results and then deleted; the approve/reject
 * lists and the bonus file; the researcher's preview; the study closed and reopened from the
 * overview page.
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

  /** Takes the study as Prolific participant `pid`, passing or failing the attention check; returns the completion code shown. */
  async function takePart(pid: string, passAttention: boolean): Promise<{ page: Page; code: string }> {
    const context = await browser.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.route('https://app.prolific.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Prolific</h1>' }));
    const page = await context.newPage();
    await page.goto(`${server.url}/s/${STUDY}?PROLIFIC_PID=${pid}&STUDY_ID=st&SESSION_ID=sub-${pid}`);
    await page.waitForURL(/\/p\//);
    const token = page.url().split('/p/')[1];
    await page.getByRole('button', { name: 'I agree, continue' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Start the study' }).click();
    const trials = await db.trial.findMany({ where: { sessionId: token }, orderBy: { index: 'asc' } });
    expect(trials.map((t) => t.kind).sort()).toEqual(['attention', 'test', 'test', 'test']);
    for (const t of trials) {
      await page.getByTestId('show-pair').and(page.locator(':enabled')).click();
      const fake = t.realSide === 'left' ? 'Right' : 'Left';
      const real = t.realSide === 'left' ? 'Left' : 'Right';
      const button = page.getByRole('button', { name: t.kind === 'attention' && !passAttention ? real : fake });
      await button.waitFor({ state: 'visible' });
      await button.click();
    }
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
    await expect(page.title()).resolves.toBe('Lab X colour study');
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

    const good = await takePart('good-pid', true);
    expect(good.code).toBe('PAIDOK');
    await good.page.waitForURL('https://app.prolific.com/submissions/complete?cc=PAIDOK');
    const bad = await takePart('bad-pid', false);
    expect(bad.code).toBe('PAIDCHK');
  });

  it('keeps simulated sessions out of the results and downloads until asked, and deletes them', async () => {
    const sim = await startSession(db, STUDY, { source: 'simulated', externalId: 'sim-1', recruitment: {} });
    await db.session.update({ where: { id: sim.token }, data: { stage: 'test' } });
    for (let i = 0; i < 4; i++) {
      await getTrialView(db, sim.token, i);
      await submitResponse(db, sim.token, i, { choice: 'left', rtMs: 1, timing: { firstOnsetMs: null, firstOffsetMs: null, secondOnsetMs: null, secondOffsetMs: null, optionsOnsetMs: null }, requestId: `simulated-${i}` } as never);
    }
    const real = fromCsv(await (await fetch(`${server.url}/api/admin/studies/${STUDY}/trials?format=csv`, { headers: auth })).text());
    expect(real).toHaveLength(8);
    expect(new Set(real.map((r) => r.source))).toEqual(new Set(['prolific']));
    expect(real.every((r) => r.servedAt !== null)).toBe(true);
    const all = fromCsv(await (await fetch(`${server.url}/api/admin/studies/${STUDY}/trials?format=csv&sources=all`, { headers: auth })).text());
    expect(all.filter((r) => r.source === 'simulated')).toHaveLength(4);
    expect(await deleteStudyData(db, STUDY, ['simulated'])).toBe(1);
    const after = fromCsv(await (await fetch(`${server.url}/api/admin/studies/${STUDY}/trials?format=csv&sources=all`, { headers: auth })).text());
    expect(after).toHaveLength(8);
  });

  it('approves and rejects by the rule, and writes the bonus file', async () => {
    const get = async (query: string) => (await fetch(`${server.url}/api/admin/studies/${STUDY}/participants?${query}`, { headers: auth })).text();
    await expect(get('format=approve')).resolves.toBe('good-pid\n');
    await expect(get('format=reject')).resolves.toBe('bad-pid\n');
    await expect(get('format=bonus&amount=0.5')).resolves.toBe('good-pid,0.50\n');
    const rows = JSON.parse(await get('format=json')) as { recruitmentId: string; submissionId: string; attentionPassed: boolean; browser: { windowWidth: number } }[];
    expect(rows.find((r) => r.recruitmentId === 'bad-pid')).toMatchObject({ submissionId: 'sub-bad-pid', attentionPassed: false, browser: { windowWidth: 1280 } });
  });

  it('lets the researcher preview the study, and close and reopen it from the overview page', async () => {
    const context = await browser.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/studies/${STUDY}/participants`);
    await page.fill('#admin-password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${server.url}/admin/studies/${STUDY}/participants`);
    await expect(page.locator('[data-testid=reconciliation] tr[data-decision=approve] td').nth(1).textContent()).resolves.toBe('good-pid');
    await expect(page.locator('[data-testid=reconciliation] tr[data-decision=reject] td').nth(1).textContent()).resolves.toBe('bad-pid');

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
});
