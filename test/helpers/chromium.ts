/**
 * Headless Chromium for end-to-end tests: Debian's chromium driven by playwright-core
 * (playwright's own browser downloads are not reachable here). Without it the browser
 * tests are skipped with the reason printed, on a developer's machine only: in CI
 * (CI set) its absence fails the run.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const chromiumPath = [process.env.TEST_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p): p is string => !!p && existsSync(p),
);
export const chromiumSkipReason = chromiumPath
  ? undefined
  : 'no Chromium found (set TEST_CHROMIUM or apt-get install chromium): browser tests skipped';

if (!chromiumPath && process.env.CI) throw new Error('CI is set but Chromium is missing: the browser tests must run in CI');
if (chromiumSkipReason) console.warn(chromiumSkipReason);

export interface TestBrowser {
  browser: Browser;
  close: () => Promise<void>;
}

export async function launchChromium(): Promise<TestBrowser> {
  if (!chromiumPath) throw new Error(chromiumSkipReason);
  // Flags from STACK.md: the machine has no network, so background services must be off.
  // playwright gives every launch a fresh temporary profile of its own.
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}
