import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixtureReport } from '../../test/support/fixture.js';
import { reporters } from './index.js';
import { writeReports } from './write.js';

const made: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-reporters-'));
  made.push(dir);
  return dir;
}

describe('writeReports', () => {
  afterEach(async () => {
    vi.restoreAllMocks();
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('writes every format and points latest at the run', async () => {
    const root = await tempDir();
    const run = path.join(root, 'reports', '2026-11-20T14-03-00');
    const latest = path.join(root, 'reports', 'latest');

    const result = await writeReports(fixtureReport(), run, { latestLink: latest });

    expect(result.failures).toEqual([]);
    expect(result.written).toEqual(['report.json', 'report.md', 'report.html', 'junit.xml'].map((f) => path.join(run, f)));
    expect((await readdir(run)).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md']);
    expect(await readlink(latest)).toBe('2026-11-20T14-03-00');
    expect(await readFile(path.join(latest, 'report.md'), 'utf8')).toBe(reporters.markdown.render(fixtureReport()));
  });

  it('moves an existing latest link to the newer run and leaves no temporary link', async () => {
    const root = await tempDir();
    const latest = path.join(root, 'latest');
    await writeReports(fixtureReport(), path.join(root, 'run-1'), { latestLink: latest });

    await writeReports(fixtureReport(), path.join(root, 'run-2'), { latestLink: latest, formats: ['json'] });

    expect(await readlink(latest)).toBe('run-2');
    expect((await readdir(root)).sort()).toEqual(['latest', 'run-1', 'run-2']);
  });

  it('replaces a latest directory left by the copy fallback', async () => {
    const root = await tempDir();
    const latest = path.join(root, 'latest');
    await mkdir(latest);
    await writeFile(path.join(latest, 'report.json'), '{}');

    const result = await writeReports(fixtureReport(), path.join(root, 'run'), { latestLink: latest, formats: ['json'] });

    expect(result.failures).toEqual([]);
    expect((await lstat(latest)).isSymbolicLink()).toBe(true);
  });

  it('records a renderer that throws and still writes the others', async () => {
    const dir = await tempDir();
    const boom = new Error('html renderer broke');
    vi.spyOn(reporters.html, 'render').mockImplementation(() => {
      throw boom;
    });

    const result = await writeReports(fixtureReport(), dir);

    expect(result.failures).toEqual([{ format: 'html', error: boom }]);
    expect((await readdir(dir)).sort()).toEqual(['junit.xml', 'report.json', 'report.md']);
  });

  it('writes only the formats asked for and names unknown ones', async () => {
    const dir = await tempDir();
    const result = await writeReports(fixtureReport(), dir, { formats: ['junit', 'pdf' as 'json'] });

    expect(result.written).toEqual([path.join(dir, 'junit.xml')]);
    expect(result.failures.map((f) => [f.format, String(f.error)])).toEqual([
      ['pdf', 'Error: unknown report format "pdf"; known: json, markdown, html, junit'],
    ]);
  });
});
