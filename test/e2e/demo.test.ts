/**
 * The main job end to end: the demo study as `npm start` makes it (the bundled held-out clothing photos
 * colorized by the bundled models in model/pretrained, scored, imported), served by a real
 * Next.js server, and completed by a participant in headless Chromium at Zhang's 1000 ms
 * sequential presentation. The database must then hold one answer per trial, and the
 * results page must count them.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../app/lib/db/client';
import { resolveDatabase } from '../../app/lib/db/url';
import { bundledModels, DEMO_CLOTHING, DEMO_KODAK, DEMO_SETS, DEMO_STUDY_ID, ensureDemoStudy } from '../../scripts/demo/demo-study';
import { chromiumSkipReason, launchChromium, type TestBrowser } from '../helpers/chromium';
import { startServer, type TestServer } from '../helpers/next-server';

const PASSWORD = 'demo-e2e-password';

describe('the demo study', () => {
  let dir: string;
  let db: Db;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ct-demo-'));
    db = await openDatabase(resolveDatabase(path.join(dir, 'studies.db')));
  });
  afterAll(async () => {
    await db?.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is built from the bundled models: every photo colorized at its own size, scored, imported once', async () => {
    const models = bundledModels();
    expect(models.map((m) => m.name)).toEqual(expect.arrayContaining(['coherent', 'zhang']));
    const workDir = path.join(dir, 'demo');
    const created = await ensureDemoStudy(db, { workDir, verbose: false });
    expect(created).not.toBeNull();
    const photos = readdirSync(DEMO_CLOTHING).filter((f) => /\.(png|jpe?g)$/i.test(f));
    expect(photos.length).toBe(24);
    for (const m of models) {
      for (const p of photos.slice(0, 3)) {
        const out = path.join(workDir, 'colorized', m.name, `${path.parse(p).name}.png`);
        const [a, b] = await Promise.all([sharp(path.join(DEMO_CLOTHING, p)).metadata(), sharp(out).metadata()]);
        expect([b.width, b.height]).toEqual([a.width, a.height]);
        expect(existsSync(path.join(workDir, 'ab-views', m.name, `${path.parse(p).name}.png`))).toBe(true);
      }
    }
    // The attention checks' random-colour images are a method of their own, with no metrics.
    const methods = (await db.method.findMany({ where: { studyId: DEMO_STUDY_ID }, orderBy: { name: 'asc' } })).filter((m) => !m.name.startsWith('attention:'));
    expect(methods.map((m) => m.name)).toEqual(models.map((m) => m.name));
    for (const m of methods) expect(Object.keys(JSON.parse(m.metrics!))).toEqual(expect.arrayContaining(['auc', 'psnr', 'ssim', 'colorfulness', 'coherence']));
    // A second start reuses everything.
    expect(await ensureDemoStudy(db, { workDir, verbose: false })).toBeNull();
    // The out-of-domain study: the Kodak photos, a study of its own.
    const kodak = await ensureDemoStudy(db, { set: DEMO_SETS[1], workDir: path.join(dir, 'kodak'), verbose: false });
    expect(kodak?.summary.images).toBe(readdirSync(DEMO_KODAK).filter((f) => /\.(png|jpe?g)$/i.test(f)).length);
    expect(await db.study.findUnique({ where: { id: 'demo-kodak' }, select: { name: true } })).toMatchObject({ name: expect.stringMatching(/out of domain/) });
  }, 360_000); // two studies: 48 photos colorized by each bundled model, then scored with the baselines

  describe.skipIf(!!chromiumSkipReason)('in Chromium', () => {
    let server: TestServer;
    let browser: TestBrowser;
    beforeAll(async () => {
      [server, browser] = await Promise.all([startServer({ DATABASE_URL: path.join(dir, 'studies.db'), ADMIN_PASSWORD: PASSWORD }), launchChromium()]);
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it('a participant completes it (3 practice pairs with feedback, 16 test pairs, 2 attention checks) and the results page counts the answers', async () => {
      const context = await browser.browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const pageErrors: Error[] = [];
      page.on('pageerror', (e) => pageErrors.push(e));
      await page.goto(`${server.url}/s/${DEMO_STUDY_ID}`);
      await page.waitForURL(/\/p\//);
      const token = page.url().split('/p/')[1];
      await page.getByRole('button', { name: 'I agree, continue' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Start the practice' }).click();
      // Attention checks answered right (the fake is obvious), test pairs half right, half fooled.
      const answer = async (index: number, practice: boolean) => {
        await page.getByTestId('show-pair').and(page.locator(':enabled')).waitFor();
        await page.keyboard.press('Space');
        await page.locator('[data-testid=options] button').first().waitFor({ state: 'visible', timeout: 10_000 });
        const t = await db.trial.findFirstOrThrow({ where: { sessionId: token, index }, select: { realSide: true, kind: true } });
        const fake = t.realSide === 'left' ? 'right' : 'left';
        const choice = t.kind === 'test' && index % 2 === 1 ? t.realSide : fake;
        await page.keyboard.press(choice === 'left' ? 'f' : 'j');
        if (practice) {
          await page.getByTestId('feedback').waitFor();
          await page.keyboard.press('Space');
        }
      };
      for (let i = 0; i < 3; i++) await answer(i, true);
      await page.getByRole('button', { name: 'Start', exact: true }).click();
      for (let i = 3; i < 21; i++) await answer(i, false);
      await page.getByRole('button', { name: 'Finish' }).click();
      await expect(page.getByTestId('completion-code').textContent()).resolves.toBe('DEMO-THANKS');

      const trials = await db.trial.findMany({ where: { sessionId: token }, include: { response: true, method: true } });
      expect(trials).toHaveLength(21);
      expect(trials.every((t) => t.response !== null)).toBe(true);
      expect(trials.filter((t) => t.kind === 'practice')).toHaveLength(3);
      expect(trials.filter((t) => t.kind === 'attention')).toHaveLength(2);
      // One bundled model per participant; each photo at most once.
      const tests = trials.filter((t) => t.kind === 'test');
      expect(tests).toHaveLength(16);
      const methods = new Set(tests.map((t) => t.method.name));
      expect(methods.size).toBe(1);
      const [method] = methods;
      expect(['coherent', 'zhang']).toContain(method);
      const photos = trials.map((t) => t.imageId);
      expect(new Set(photos).size).toBe(photos.length);
      const fooled = tests.filter((t) => t.response!.choice === t.realSide).length;
      expect(fooled).toBe(tests.filter((t) => t.index % 2 === 1).length);

      // The researcher's results page counts these answers.
      await page.goto(`${server.url}/admin/studies/${DEMO_STUDY_ID}/results`);
      await page.fill('#admin-password', PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForURL(`${server.url}/admin/studies/${DEMO_STUDY_ID}/results`);
      const cell = (name: string) => page.locator(`[data-testid=method-results] tr[data-method="${method}"] [data-cell=${name}]`).textContent();
      await expect(cell('participants')).resolves.toBe('1');
      await expect(cell('trials')).resolves.toBe('16');
      await expect(cell('fooled')).resolves.toBe(String(fooled));
      await expect(cell('rate')).resolves.toBe(`${((100 * fooled) / 16).toFixed(1)}%`);
      expect(pageErrors).toEqual([]);
      await context.close();
    });
  });
});
