/**
 * Generated passwords never leave compatlab: PostgreSQL logs a failing `CREATE ROLE … PASSWORD '…'` as a
 * `STATEMENT:` line, and a server that then dies puts its last log lines in the cell's reason. The terminal,
 * a vitest failure message and every report format show that line with the password scrubbed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { workspace } from './helpers/workspace.js';

const repo = fileURLToPath(new URL('..', import.meta.url));

const files = {
  // The role exists, so CREATE ROLE fails and the server logs the statement; then the server dies.
  'scenarios/leak.yaml': `id: leak
title: the server logs a statement with a generated password, then dies
engine: postgres
steps:
  - create-user: { name: postgres }
    expect: { error: already exists }
  - sql: COPY (SELECT 1) TO PROGRAM 'kill -9 $(head -1 postmaster.pid)'
  - connect: after
`,
  'matrix/m.yaml': `title: leak\nservers: [postgres@15.9]\nclients: [pg]\nscenarios: [leak]\n`,
};

/** The logged statement, scrubbed; a generated password (16 base64url characters) in a PASSWORD literal, as text, HTML or Markdown. */
const scrubbed = `STATEMENT:  CREATE ROLE "postgres" LOGIN PASSWORD '***'`;
const quote = `(?:'|&#39;|&#x27;)`;
const unscrubbed = new RegExp(`PASSWORD ${quote}[A-Za-z0-9_-]{16}`);
const scrubbedInAnyFormat = new RegExp(`PASSWORD ${quote}(?:\\*\\*\\*|(?:\\\\\\*){3})${quote}`);

// The user's project is not a test of this vitest run: keep this run's variables out of it.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VITEST|TEST$|NODE_ENV$|NODE_OPTIONS$)/.test(key)));

describe('generated passwords in server logs', () => {
  it('are scrubbed from the terminal and from every report format', async () => {
    await using ws = await workspace(files);
    const run = await ws.cli(['run', '--runtime', 'local', '--report-dir', 'out']);
    expect(run.exitCode, run.all).toBe(1);
    expect(run.all).toContain(scrubbed);
    expect(run.all).not.toMatch(unscrubbed);
    for (const file of ['report.json', 'report.md', 'report.html', 'junit.xml']) {
      const text = await readFile(path.join(ws.dir, 'out', file), 'utf8');
      expect(text, file).not.toMatch(unscrubbed);
      expect(text, file).toMatch(scrubbedInAnyFormat);
    }
  });

  it('are scrubbed from the message of a failing compatlab/vitest test', async () => {
    await using ws = await workspace(files);
    const api = path.join(repo, 'src/vitest.ts');
    await writeFile(
      path.join(ws.dir, 'cells.test.ts'),
      `import { describeMatrices } from ${JSON.stringify(api)};\ndescribeMatrices({ runtime: 'local', reportDir: false });\n`,
    );
    await writeFile(path.join(ws.dir, 'vitest.config.mjs'), `export default { test: { include: ['cells.test.ts'] } };\n`);
    const vitest = await execa(path.join(repo, 'node_modules/.bin/vitest'), ['run', '--config', 'vitest.config.mjs'], {
      cwd: ws.dir,
      env: { ...env, NO_COLOR: '1' },
      extendEnv: false,
      all: true,
      reject: false,
    });
    expect(vitest.exitCode, vitest.all).toBe(1);
    expect(vitest.all).toContain('postgres@15.9/pg/leak: error');
    expect(vitest.all).toContain(scrubbed);
    expect(vitest.all).not.toMatch(unscrubbed);
  });
});
