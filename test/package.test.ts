/**
 * compatlab as a user gets it, through the README's "Use it in your project" commands: `npm pack`, then in a new
 * project `npm i -D compatlab vitest`, `npx compatlab init`, `npm test` (the example's cell on a real server
 * through `compatlab/vitest`), and `npx compatlab run`. Servers run from local binaries, as on a machine without Docker.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from 'compatlab';

const root = fileURLToPath(new URL('..', import.meta.url));
const vitestVersion = (JSON.parse(await readFile(path.join(root, 'node_modules/vitest/package.json'), 'utf8')) as { version: string })
  .version;
const work = await mkdtemp(path.join(os.tmpdir(), 'compatlab-package-'));
const project = path.join(work, 'app');

// The user's project is not a test of this vitest run: keep this run's variables out of it.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VITEST|TEST$|NODE_ENV$|NODE_OPTIONS$)/.test(key)));
const inProject = (file: string, args: string[]) =>
  execa(file, args, {
    cwd: project,
    env: { ...env, NO_COLOR: '1', COMPATLAB_RUNTIME: 'local' },
    extendEnv: false,
    all: true,
    reject: false,
  });

afterAll(() => rm(work, { recursive: true, force: true }));

describe('the packed package in a new project', { timeout: 600_000 }, () => {
  it('installs, sets up an example with init, and runs it with npm test and compatlab run', async () => {
    const pack = await execa('npm', ['pack', '--json', '--pack-destination', work], { cwd: root });
    const tarball = path.join(work, (JSON.parse(pack.stdout) as { filename: string }[])[0]!.filename);
    await execa('mkdir', [project]);
    await inProject('npm', ['init', '-y']);
    const install = await inProject('npm', [
      'install',
      '--save-dev',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      tarball,
      `vitest@${vitestVersion}`,
    ]);
    expect(install.exitCode, install.all).toBe(0);

    const init = await inProject('npx', ['compatlab', 'init']);
    expect(init.exitCode, init.all).toBe(0);
    expect(init.all).toContain('npx compatlab run');

    const test = await inProject('npm', ['test']);
    expect(test.exitCode, test.all).toBe(0);
    expect(test.all).toContain('Tests  1 passed (1)');
    const tested = JSON.parse(await readFile(path.join(project, 'reports/test/report.json'), 'utf8')) as Report;
    expect(tested.cells.map((c) => [c.id, c.status])).toEqual([['postgres@16.6/pg/postgres-login', 'pass']]);

    const run = await inProject('npx', ['compatlab', 'run', '--runtime', 'local']);
    expect(run.exitCode, run.all).toBe(0);
    const report = JSON.parse(await readFile(path.join(project, 'reports/latest/report.json'), 'utf8')) as Report;
    expect(report.summary).toMatchObject({ total: 1, pass: 1 });
    expect(report.cells[0]!.server.versionString).toMatch(/^PostgreSQL 16\.6 /);
  });
});
