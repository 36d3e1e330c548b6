import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspace } from './helpers/workspace.js';

describe('compatlab init', () => {
  it('writes a valid example, a test file, a workflow and a .gitignore entry, and names the next commands', async () => {
    await using ws = await workspace({
      'package.json': '{ "name": "app", "scripts": { "test": "echo \\"Error: no test specified\\" && exit 1" } }',
    });
    const init = await ws.cli(['init', '--ci', 'github']);
    expect(init.exitCode, init.all).toBe(0);
    expect(init.all).toMatchInlineSnapshot(`
      "created scenarios/postgres-login.yaml
      created matrix/postgres.yaml
      created test/compatlab.test.ts
      created .github/workflows/compatlab.yml
      added reports/ to .gitignore
      set "test": "vitest run" in package.json

      next:
        npx compatlab run   # every cell, reports in reports/latest/
        npm test            # the same cells as vitest tests"
    `);
    expect(await readFile(path.join(ws.dir, '.gitignore'), 'utf8')).toBe('reports/\n');
    expect(JSON.parse(await readFile(path.join(ws.dir, 'package.json'), 'utf8'))).toEqual({ name: 'app', scripts: { test: 'vitest run' } });
    const validate = await ws.cli(['validate']);
    expect(validate.all).toBe('2 files valid');
    const list = await ws.cli(['list']);
    expect(list.all).toContain('postgres@16.6/pg/postgres-login');
  });

  it('replaces nothing without --force, and keeps a project test script', async () => {
    await using ws = await workspace({ 'package.json': '{ "scripts": { "test": "jest" } }', '.gitignore': 'node_modules\nreports/\n' });
    await writeFile(path.join(ws.dir, 'matrix', 'postgres.yaml'), 'mine');
    const refused = await ws.cli(['init']);
    expect(refused.exitCode).toBe(2);
    expect(refused.all).toBe('compatlab init: matrix/postgres.yaml already exists; --force replaces them');
    expect(await readFile(path.join(ws.dir, 'matrix', 'postgres.yaml'), 'utf8')).toBe('mine');
    const forced = await ws.cli(['init', '--force']);
    expect(forced.exitCode, forced.all).toBe(0);
    expect(forced.all).toContain('replaced matrix/postgres.yaml');
    expect(await readFile(path.join(ws.dir, '.gitignore'), 'utf8')).toBe('node_modules\nreports/\n');
    expect(await readFile(path.join(ws.dir, 'package.json'), 'utf8')).toBe('{ "scripts": { "test": "jest" } }');
  });
});
