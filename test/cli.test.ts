import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/core/report.js';
import { workspace } from './helpers/workspace.js';

const scenario = (expect = 'ok') => `id: plain
title: plain connection
engine: postgres
server:
  settings: { log_statement: all }
steps:
  - create-user: { name: app }
  - connect: app
    user: app
    expect: ${expect}
`;
const matrix = `title: one server
servers: [postgres@15.9]
clients: [pg]
scenarios: [plain]
`;

describe('compatlab CLI', () => {
  it('rejects a misspelt field before starting anything, with file, line, column and path (exit 2)', async () => {
    await using ws = await workspace({ 'scenarios/plain.yaml': scenario().replace('user: app', 'usr: app'), 'matrix/m.yaml': matrix });
    const result = await ws.cli(['run', '--runtime', 'local']);
    expect(result.exitCode).toBe(2);
    expect(result.all).toBe('scenarios/plain.yaml:9:5: steps[1].usr: unknown field "usr"; check the spelling');
  });

  it('rejects an unknown option with exit 2 and lists the valid ones', async () => {
    await using ws = await workspace({ 'scenarios/plain.yaml': scenario(), 'matrix/m.yaml': matrix });
    const result = await ws.cli(['run', '--repeet', '3']);
    expect(result.exitCode).toBe(2);
    expect(result.all.split('\n')).toEqual([
      "error: unknown option '--repeet'",
      '(Did you mean --repeat?)',
      'valid options for `compatlab run`: --runtime, --images, --server, --scenario, --client, --cell, --report-dir, --scenarios-dir, --repeat, --fresh-server, --baseline, --shard, --update-known, --strict, --jobs',
    ]);
  });

  it('validates files and says how many', async () => {
    await using ws = await workspace({ 'scenarios/plain.yaml': scenario(), 'matrix/m.yaml': matrix });
    const result = await ws.cli(['validate']);
    expect([result.exitCode, result.all]).toEqual([0, '2 files valid']);
  });

  it('runs a matrix on real servers, writes all reports and never writes a password', async () => {
    await using ws = await workspace({ 'scenarios/plain.yaml': scenario(), 'matrix/m.yaml': matrix });
    const result = await ws.cli(['run', '--runtime', 'local', '--report-dir', 'out']);
    expect(result.exitCode, result.all).toBe(0);
    expect((await readdir(path.join(ws.dir, 'out'))).sort()).toEqual([
      'cells.jsonl',
      'junit.xml',
      'report.html',
      'report.json',
      'report.md',
    ]);
    const report = JSON.parse(await readFile(path.join(ws.dir, 'out', 'report.json'), 'utf8')) as Report;
    const createUser = report.cells[0]?.steps[0];
    // log_statement=all makes the server log the CREATE ROLE statement, password and all.
    expect(createUser?.evidence.serverLog.join('\n')).toContain(`CREATE ROLE "app" LOGIN PASSWORD '***'`);
    // The journal written as cells finish is scrubbed the same way.
    expect(await readFile(path.join(ws.dir, 'out', 'cells.jsonl'), 'utf8')).toContain(`CREATE ROLE \\"app\\" LOGIN PASSWORD '***'`);
    expect(report.cells[0]?.server.versionString).toMatch(/^PostgreSQL 15\.9 /);
  });

  it('exits 1 when a cell fails, and says which step and why', async () => {
    await using ws = await workspace({
      'scenarios/plain.yaml': scenario('{ error: "password authentication failed" }'),
      'matrix/m.yaml': matrix,
    });
    const result = await ws.cli(['run', '--runtime', 'local', '--report-dir', 'out']);
    expect(result.exitCode).toBe(1);
    expect(result.all).toMatch(
      /fail +postgres@15\.9\/pg\/plain .*app succeeded \(expected an error matching "password authentication failed"\)/,
    );
  });

  it('skips a version with no binaries, with the reason, and still exits 0', async () => {
    await using ws = await workspace({ 'scenarios/plain.yaml': scenario(), 'matrix/m.yaml': matrix });
    const result = await ws.cli(['run', '--runtime', 'local', '--server', 'postgres@15.99', '--report-dir', 'out']);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toContain('skipped    postgres@15.99/pg/plain');
    expect(result.all).toContain('postgres 15.99 is not published by ');
  });
});
