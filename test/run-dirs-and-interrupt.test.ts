/** Report and cache directories are checked before any server starts; an interrupt keeps what finished. */
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { execa } from 'execa';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/core/report.js';
import { printed, workspace } from './helpers/workspace.js';

const files = {
  'scenarios/plain.yaml': `id: plain\ntitle: plain\nengine: postgres\nsteps:\n  - connect: c\n`,
  'scenarios/slow.yaml': `id: slow\ntitle: slow\nengine: postgres\nsteps:\n  - sql: SELECT pg_sleep(20)\n`,
  'matrix/m.yaml': `title: m\nservers: [postgres@15.9]\nclients: [pg]\nscenarios: [plain, slow]\n`,
};

describe('unusable report and cache directories: exit 2 before any server starts', () => {
  it.each([
    ['/proc/nope', '--report-dir /proc/nope: cannot create the directory: the file system does not allow it there'],
    ['/etc/hostname', '--report-dir /etc/hostname: cannot create the directory: /etc/hostname is a file, not a directory'],
    ['/sys', '--report-dir /sys: cannot write there: permission denied'],
  ])('--report-dir %s', async (dir, message) => {
    await using ws = await workspace(files);
    const result = await ws.cli(['run', '--runtime', 'local', '--report-dir', dir]);
    expect([result.exitCode, result.all]).toEqual([2, message]);
  });

  it.each([
    ['/proc/nope', 'cannot create the directory: the file system does not allow it there'],
    ['/sys', 'cannot write there: permission denied'],
  ])('COMPATLAB_CACHE_DIR=%s', async (dir, message) => {
    await using ws = await workspace(files);
    const result = await ws.cli(['run', '--runtime', 'local', '--report-dir', 'out'], { COMPATLAB_CACHE_DIR: dir });
    expect([result.exitCode, result.all]).toEqual([2, `cache directory ${dir} (COMPATLAB_CACHE_DIR): ${message}`]);
  });
});

describe('a report directory that fills up during the run', () => {
  // A 16 KiB file system: the check before the run passes, the reports do not fit.
  it.skipIf(process.getuid?.() !== 0)('says which reports could not be written, leaves no truncated file and exits 2', async () => {
    await using ws = await workspace(files);
    const full = path.join(ws.dir, 'full');
    await mkdir(full);
    await execa('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', full]);
    try {
      const result = await ws.cli(['run', '--runtime', 'local', '--scenario', 'plain', '--report-dir', 'full']);
      expect(result.exitCode, result.all).toBe(2);
      expect(result.all).toMatch(/could not write the \S+ report in full: no space left on the device/);
      expect(result.all).toContain('the reports in full are incomplete; the results above are all that is left of this run');
      for (const file of await readdir(full)) expect((await stat(path.join(full, file))).size, file).toBeGreaterThan(0);
    } finally {
      await execa('umount', [full]);
    }
  });
});

describe('an interrupt', () => {
  it('writes the cells that finished, lists the rest as not run, and exits 130', async () => {
    await using ws = await workspace(files);
    const run = ws.cli(['run', '--runtime', 'local', '--report-dir', 'out']);
    await printed(run, /\[1\/2\]/);
    run.kill('SIGINT');
    const result = await run;
    expect(result.exitCode, result.all).toBe(130);
    const report = JSON.parse(await readFile(path.join(ws.dir, 'out', 'report.json'), 'utf8')) as Report;
    expect(report.cells.map((c) => [c.id, c.status, c.reason])).toEqual([
      ['postgres@15.9/pg/plain', 'pass', undefined],
      ['postgres@15.9/pg/slow', 'skipped', 'not run: interrupted'],
    ]);
  });
});
