/**
 * `compatlab/vitest` in a project of its own, run by vitest as a user runs it, on a real local server: a cell
 * this machine lacks a tool for (here: a Python that is not there) is skipped with the reason, and fails under
 * CI=true; a cell the combination rules out (node-postgres has no sslmode=prefer) is skipped in both.
 */
import { mkdtemp, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('..', import.meta.url));
const vitestBin = createRequire(import.meta.url).resolve('vitest/vitest.mjs');

const files = {
  'scenarios/plain.yaml': `id: plain
title: a plain connection
engine: postgres
steps:
  - connect: admin
`,
  'matrix/m.yaml': `title: skips
servers: [postgres@15.8]
clients:
  - { driver: psycopg, version: 3.2.3, options: { python: /nonexistent/python3 } }
  - { driver: pg, settings: { tls: { mode: prefer } } }
scenarios: [plain]
`,
  'vitest.config.ts': `import { defineConfig } from 'vitest/config';
export default defineConfig({
  resolve: { alias: [{ find: /^compatlab\\/vitest$/, replacement: ${JSON.stringify(path.join(repo, 'src/vitest.ts'))} }] },
  test: { include: ['cells.test.ts'] },
});
`,
  'cells.test.ts': `import { describeMatrices } from 'compatlab/vitest';
describeMatrices({ runtime: 'local', reportDir: false });
`,
};

describe('compatlab/vitest and skipped cells', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-vitest-'));
    await Promise.all([mkdir(path.join(dir, 'scenarios')), mkdir(path.join(dir, 'matrix'))]);
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    await symlink(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const vitest = (ci: string) =>
    execa('node', [vitestBin, 'run', '--reporter=verbose'], {
      cwd: dir,
      reject: false,
      all: true,
      env: { CI: ci, NO_COLOR: '1' },
    });
  const missingPython = 'Python drivers need a Python 3 interpreter: `/nonexistent/python3` not found';

  it('skips both cells with their reasons outside CI', async () => {
    const run = await vitest('false');
    expect(run.all).toContain(missingPython);
    expect(run.all).toContain('Tests  2 skipped (2)');
    expect(run.exitCode, run.all).toBe(0);
  });

  it('fails the cell this machine lacks a tool for under CI=true, and still skips the other', async () => {
    const run = await vitest('true');
    expect(run.all).toContain(`this machine lacks what the cell needs (CI=true): ${missingPython}`);
    expect(run.all).toContain('pg cannot express tls.mode=prefer');
    expect(run.all).toContain('Tests  1 failed | 1 skipped (2)');
    expect(run.exitCode).toBe(1);
  });
});
