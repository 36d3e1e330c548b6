/** `npx tsx test/report-screenshot.ts REPORT.html docs/report.png`: the README's picture, taken as the browser test browses. */
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { launchBrowser } from './helpers/browser.js';

const [html = 'reports/latest/report.html', png = 'docs/report.png'] = process.argv.slice(2);
await using browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1200, height: 1000 }, deviceScaleFactor: 1 });
await page.goto(pathToFileURL(path.resolve(html)).href);
// Show what one click gives: the first cell that did not pass, opened.
const notPassed = page.locator('table.matrix td[data-status="known-fail"] button, table.matrix td[data-status="fail"] button').first();
if ((await notPassed.count()) > 0) await notPassed.click();
await page.evaluate(() => window.scrollTo(0, 0));
await page.screenshot({ path: png });
console.log(`wrote ${png}`);
