// `npx tsx scripts/demo/screenshots.ts --url http://127.0.0.1:3000 --password PW [--study demo] [--out DIR]`
// Regenerates the README's pictures from a running server: a trial of the study as a
// participant sees it (this starts one real session: use a scratch database), and the top
// of the results page. Needs Chromium (CHROMIUM, or /usr/bin/chromium).
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { parseFlags, runCli, UsageError } from '../../model/cli';

await runCli('screenshots', async () => {
  const { values } = parseFlags(process.argv.slice(2));
  const url = values.url ?? 'http://127.0.0.1:3000';
  const study = values.study ?? 'demo';
  const out = path.resolve(values.out ?? path.join('scripts', 'demo', 'screenshots'));
  const password = values.password ?? process.env.ADMIN_PASSWORD;
  if (!password) throw new UsageError('--password (or ADMIN_PASSWORD) is required for the results page');
  const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new UsageError(`no Chromium at ${executablePath} (set CHROMIUM)`);
  mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({ executablePath });
  try {
    const participant = await browser.newPage({ viewport: { width: 1100, height: 620 } });
    await participant.goto(`${url}/s/${study}`);
    await participant.waitForURL(/\/p\//);
    await participant.getByRole('button', { name: 'I agree, continue' }).click();
    await participant.getByRole('button', { name: 'Continue' }).click();
    await participant.getByRole('button', { name: /^Start/ }).click();
    await participant.getByTestId('show-pair').and(participant.locator(':enabled')).waitFor();
    await participant.keyboard.press('Space');
    // Mid-exposure of the first photo (sequential: 1000 ms each).
    await participant.waitForTimeout(400);
    await participant.screenshot({ path: path.join(out, 'trial.png') });

    const admin = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    // The README's picture shows the simulated participants, which results leave out by default.
    const results = `${url}/admin/studies/${study}/results?sources=all`;
    await admin.goto(results);
    await admin.getByLabel('Admin password').fill(password);
    await admin.getByRole('button').first().click();
    await admin.waitForURL(results);
    await admin.screenshot({ path: path.join(out, 'results.png') });
    console.error(`wrote ${path.join(out, 'trial.png')} and results.png`);
  } finally {
    await browser.close();
  }
});
