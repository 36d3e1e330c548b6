/** report.html in a real browser: the matrix first, filters, a cell's steps and evidence one click away. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fixtureReport } from '../src/reporters/fixture.js';
import { render } from '../src/reporters/html.js';
import { launchBrowser } from './helpers/browser.js';

describe('report.html in chromium', () => {
  let dir: string;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
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
    await rm(dir, { recursive: true, force: true });
  });

  it('shows the matrix first, with text labels, and loads nothing else', async () => {
    expect(await page.locator('h2').first().textContent()).toBe('Matrix');
    expect(await page.locator('table.matrix').first().locator('td.cell').allInnerTexts()).toEqual([
      expect.stringMatching(/^SKIPPED\npostgres 14\.13 is not/),
      'PASS',
      expect.stringMatching(/^KNOWN FAIL\nresumed: /),
      expect.stringMatching(/^ERROR\n/),
    ]);
    expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]);
    expect(await page.locator('#shown').textContent()).toBe('6 of 6 cells shown');
  });

  it('filters by status and by server', async () => {
    await page.getByRole('checkbox', { name: 'pass' }).uncheck({ force: true });
    expect(await visibleCells(page)).toEqual([
      'postgres@15.8/pg-tls12/pg-tls-session-resumption',
      'postgres@16.4/pg-tls12/pg-tls-session-resumption',
      'mysql@9.7/cli-no-key/mysql-sha2-after-flush',
    ]);
    await page.getByLabel('Server').selectOption('mysql@9.7');
    expect(await visibleCells(page)).toEqual(['mysql@9.7/cli-no-key/mysql-sha2-after-flush']);
    expect(await page.locator('#shown').textContent()).toBe('1 of 6 cells shown');
    // Matrix rows with nothing left to show disappear.
    expect(await page.locator('table.matrix tbody tr:visible').count()).toBe(1);
    await page.getByRole('button', { name: 'Show all' }).click();
    await expect.poll(() => page.locator('#shown').textContent()).toBe('6 of 6 cells shown');
  });

  it("opens a cell's steps and evidence from the matrix in one click", async () => {
    const details = page.locator('[id="cell-postgres-15.8-pg-tls12-pg-tls-session-resumption"]');
    expect(await details.locator('ol.steps').isVisible()).toBe(false);
    await page
      .locator('table.matrix')
      .getByRole('button', { name: /known fail/i })
      .click();
    const steps = details.locator('ol.steps');
    expect(await steps.isVisible()).toBe(true);
    const text = await steps.innerText();
    expect(text).toContain('KNOWN resumed');
    expect(text).toContain('could not accept SSL connection: session id context uninitialized');
    expect(await details.locator('dd pre').last().innerText()).toMatch(/^npx compatlab run /);
  });

  it('groups skipped cells by reason', async () => {
    const group = page.locator('details.skip-group');
    expect(await group.count()).toBe(1);
    expect(await group.locator('summary').innerText()).toMatch(/^SKIPPED: 1 postgres 14\.13 is not published/);
  });
});

async function visibleCells(page: Page): Promise<string[]> {
  return page.locator('details.cell:visible summary code').allInnerTexts();
}
