import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumSkipReason, launchChromium, type TestBrowser } from '../helpers/chromium';
import { startServer, type TestServer } from '../helpers/next-server';

describe.skipIf(!!chromiumSkipReason)('home page in Chromium', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ct-e2e-home-'));
    server = await startServer({ DATABASE_URL: path.join(dir, 'db.sqlite') });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders and links researchers to the studies', async () => {
    const page = await browser.browser.newPage();
    await page.goto(server.url + '/');
    await expect(page.locator('h1').textContent()).resolves.toBe('Colorization Turing test');
    await expect(page.getByRole('link', { name: 'open the studies' }).getAttribute('href')).resolves.toBe('/admin');
  });
});
