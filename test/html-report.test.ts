/** report.html in a real browser: the matrix first, filters, a cell's steps and evidence one click away. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fixtureReport } from './support/fixture.js';
import { render } from '../src/reporters/html.js';
import { launchBrowser } from './helpers/browser.js';
import { chromium } from './helpers/optional-tool.js';

const chromiumTool = await chromium();

describe.skipIf(chromiumTool.skip)('report.html in chromium', () => {
  let dir: string;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    chromiumTool.assert();
    dir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-html-'));
    const file = path.join(dir, 'report.html');
    await writeFile(file, render(fixtureReport()));
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows the matrix first, with text labels, and loads nothing else', async () => {
    expect(await page.locator('h2').first().textContent()).toBe('Matrix');
    const knownFail = (step: string): unknown => expect.stringMatching(new RegExp(`^KNOWN FAIL\\n${step}: .*tlsv1 alert internal error`));
    expect(await page.locator('table.matrix').first().locator('td.cell').allInnerTexts()).toEqual([
      ...['PASS', 'PASS', 'PASS'],
      ...['PASS', knownFail('second'), 'PASS'],
      ...['PASS', knownFail('resumed'), 'PASS'],
    ]);
    expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]);
    expect(await page.locator('#shown').textContent()).toBe('31 of 31 cells shown');
  });

  it('filters by status and by server', async () => {
    await page.getByRole('checkbox', { name: 'pass' }).uncheck({ force: true });
    // Cells of different matrices that share an id are all there.
    expect(await visibleCells(page)).toEqual([
      'postgres@15.8/pg/pg-tls-session-cache',
      'postgres@15.8/pg/pg-tls-session-resumption',
      'postgres@14.13/pg/pg-tls-session-cache',
      'postgres@14.13/pg/pg-tls-session-resumption',
      'postgres@15.8/pg/pg-tls-session-cache',
      'postgres@15.8/pg/pg-tls-session-resumption',
      'postgres@15.8/pg-undeclared/pg-tls-session-resumption',
    ]);
    await page.getByLabel('Server').selectOption('postgres@14.13');
    expect(await visibleCells(page)).toEqual(['postgres@14.13/pg/pg-tls-session-cache', 'postgres@14.13/pg/pg-tls-session-resumption']);
    expect(await page.locator('#shown').textContent()).toBe('2 of 31 cells shown');
    await page.getByRole('checkbox', { name: 'pass' }).check({ force: true });
    expect(await page.locator('#shown').textContent()).toBe('3 of 31 cells shown');
    // Matrix rows with nothing left to show disappear.
    expect(await page.locator('table.matrix tbody tr:visible').count()).toBe(3);
    await page.getByRole('button', { name: 'Show all' }).click();
    await expect.poll(() => page.locator('#shown').textContent()).toBe('31 of 31 cells shown');
  });

  it("opens a cell's steps and evidence from the matrix in one click", async () => {
    const button = page
      .locator('table.matrix')
      .first()
      .getByRole('button', { name: /known fail resumed/i });
    const details = page.locator(`[id="${await button.getAttribute('data-open')}"]`);
    expect(await details.locator('ol.steps').isVisible()).toBe(false);
    await button.click();
    const steps = details.locator('ol.steps');
    expect(await steps.isVisible()).toBe(true);
    const text = await steps.innerText();
    expect(text).toContain('KNOWN resumed');
    expect(text).toContain('could not accept SSL connection: session id context uninitialized');
    expect(await details.locator('dd pre').last().innerText()).toMatch(/^npx compatlab run /);
  });

  it('groups skipped cells by reason', async () => {
    const group = page.locator('details.skip-group');
    expect(await group.count()).toBe(2);
    expect(await group.first().locator('summary').innerText()).toMatch(
      /^skipped: 2 docker: image compatlab-lab\/postgres:15\.99 is not present/i,
    );
  });
});

async function visibleCells(page: Page): Promise<string[]> {
  return page.locator('details.cell:visible summary code').allInnerTexts();
}
