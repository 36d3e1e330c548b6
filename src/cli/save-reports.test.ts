import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureReport } from '../../test/support/fixture.js';
import { saveReports } from './save-reports.js';

describe('saveReports', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-save-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('says so, without a stack, when the report directory became unusable during the run', async () => {
    const target = path.join(dir, 'out');
    await writeFile(target, 'a file where the directory should be');
    const warnings: string[] = [];
    const saved = await saveReports(fixtureReport(), target, undefined, { info() {}, progress() {}, warn: (m) => warnings.push(m) });
    expect(saved).toEqual({ written: [], ok: false });
    expect(warnings).toEqual([`could not write the reports in ${target}: ${target} is a file, not a directory`]);
  });

  it('writes every format into a fresh directory', async () => {
    const saved = await saveReports(fixtureReport(), path.join(dir, 'a', 'b'), undefined, { info() {}, progress() {}, warn() {} });
    expect([saved.ok, saved.written.map((f) => path.basename(f))]).toEqual([
      true,
      ['report.json', 'report.md', 'report.html', 'junit.xml'],
    ]);
  });
});
