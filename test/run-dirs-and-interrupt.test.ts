/** Report and cache directories are checked before any server starts; an interrupt keeps what finished. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/core/report.js';
import { workspace } from './helpers/workspace.js';

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

describe('an interrupt', () => {
  it('writes the cells that finished, lists the rest as not run, and exits 130', async () => {
    await using ws = await workspace(files);
    const run = ws.cli(['run', '--runtime', 'local', '--report-dir', 'out']);
    let output = '';
    await new Promise<void>((resolve, reject) => {
      run.all.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('[1/2]')) resolve();
      });
      run.catch(reject);
    });
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
