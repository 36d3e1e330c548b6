import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`), driven by Playwright's library: no browser download. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser & AsyncDisposable> {
  // --no-sandbox: CI runs as root in a container, where chromium's sandbox cannot start.
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  return Object.assign(browser, { [Symbol.asyncDispose]: () => browser.close() });
}
