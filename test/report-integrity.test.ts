/**
 * No run loses its report, and the report holds every cell that ran: real servers (local PostgreSQL; Docker for
 * the MySQL client and the teardown failure), the real CLI as a child process.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../src/config/discover.js';
import type { Report } from '../src/core/report.js';
import { expandPlan } from '../src/plan/expand.js';
import { commandTool, dockerEngine, jdbcJars } from './helpers/optional-tool.js';
import { printed, workspace } from './helpers/workspace.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const readReport = async (dir: string) => JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as Report;
// Peak memory is read from GNU time (Debian: time), which CI installs; elsewhere its tests skip, saying why.
const gnuTime = existsSync('/usr/bin/time');
if (!gnuTime)
  console.warn(`report integrity: /usr/bin/time (GNU time) is missing${process.env.CI ? '' : '; the memory tests are skipped'}`);
const skipMemory = !gnuTime && !process.env.CI;
const plain = `id: plain\ntitle: plain\nengine: postgres\nsteps:\n  - connect: c\n`;

/** The cell count each format states. */
async function counts(dir: string) {
  const [json, md, junit] = await Promise.all(['report.json', 'report.md', 'junit.xml'].map((f) => readFile(path.join(dir, f), 'utf8')));
  const report = JSON.parse(json!) as Report;
  return {
    json: report.cells.length,
    summary: report.summary.total,
    md: Number(/\*\*(\d+) cells:\*\*/.exec(md!)?.[1]),
    junit: (junit!.match(/<testcase /g) ?? []).length,
  };
}

describe('the shipped matrices run together', () => {
  it('keep every cell, also where two matrices share cell ids: the count printed is the count in every format', async () => {
    const files = (await readdir(path.join(repo, 'matrix'))).map((f) => path.join(repo, 'matrix', f));
    const project = await loadProject(files, path.join(repo, 'scenarios'));
    const planned = expandPlan(project.matrices, project.scenarios, { clients: ['pg'] });
    const ids = planned.cells.map((c) => c.id);
    expect(new Set(ids).size, 'the shipped matrices share cell ids').toBeLessThan(ids.length);
    await using temp = await workspace({});
    const dir = path.join(temp.dir, 'out');
    const result = await execa(
      'node',
      ['--import', 'tsx', 'src/cli/main.ts', 'run', '--runtime', 'local', '--client', 'pg', '--report-dir', dir],
      {
        cwd: repo,
        reject: false,
        all: true,
        env: { NO_COLOR: '1' },
      },
    );
    const printedCount = Number(/^(\d+) cells:/m.exec(result.all)?.[1]);
    expect(printedCount, result.all).toBe(planned.cells.length);
    expect(await counts(dir)).toEqual({ json: printedCount, summary: printedCount, md: printedCount, junit: printedCount });
    const report = await readReport(dir);
    const tls15 = (c: { matrixFile: string }) => path.basename(c.matrixFile) === 'pg-tls-15.yaml';
    expect(report.cells.filter(tls15).length).toBe(planned.cells.filter(tls15).length);
    const html = await readFile(path.join(dir, 'report.html'), 'utf8');
    const anchors = [...html.matchAll(/<details class="cell" id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(anchors).size).toBe(anchors.length);
  }, 600_000);
});

/** Runs one statement through `client` with the CLI as a child, and says its peak RSS and what the report kept. */
async function bigResult(engine: 'postgres' | 'mysql', server: string, client: string, sql: string, args: string[], user?: string) {
  // A user of its own, for a client that knows mysql_native_password only.
  const login = user ? `  - create-user: { name: ${user}, plugin: mysql_native_password }\n` : '';
  await using ws = await workspace({
    'scenarios/big.yaml': `id: big\ntitle: big\nengine: ${engine}\nsteps:\n${login}  - connect: big\n${user ? `    user: ${user}\n` : ''}    sql: ${JSON.stringify(sql)}\n`,
    'matrix/m.yaml': `title: m\nservers: [${server}]\nclients: [${client}]\nscenarios: [big]\n`,
  });
  const main = path.join(repo, 'src/cli/main.ts');
  const result = await execa('/usr/bin/time', ['-v', 'node', '--import', tsx, main, 'run', ...args, '--report-dir', 'out'], {
    cwd: ws.dir,
    reject: false,
    all: true,
    env: { NO_COLOR: '1' },
  });
  const peakMb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(result.all)?.[1]) / 1024;
  const connect = (await readReport(path.join(ws.dir, 'out'))).cells[0]!.steps.find((step) => step.kind === 'connect')!;
  return { result, peakMb, statement: connect.evidence.statements![0]! };
}

const digits =
  'SELECT 0 n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9';
const twoMillionMysqlRows = `WITH t AS (${digits}) SELECT REPEAT('y', 100) FROM t a, t b, t c, t d, t e, t f, (SELECT 0 UNION ALL SELECT 1) g`;

describe('a statement returning 2,000,000 rows', () => {
  it.skipIf(skipMemory).each(['pg', 'postgres'])(
    'through %s keeps the run under 300 MB and writes the report, with the first 100 rows and the count',
    async (client) => {
      const sql = "SELECT g, repeat('y', 100) FROM generate_series(1, 2000000) g";
      const { result, peakMb, statement } = await bigResult('postgres', 'postgres@16.4', client, sql, ['--runtime', 'local']);
      expect(result.exitCode, result.all).toBe(0);
      expect(peakMb, 'peak RSS in MB').toBeLessThan(300);
      expect([statement.rows?.length, statement.rowCount, statement.rows?.[99]]).toEqual([100, 2_000_000, [100, 'y'.repeat(100)]]);
    },
    300_000,
  );
});

/** Runs `sql` through each client in one run on one server, and says what each report kept of its rows. */
async function keptRowsPerClient(engine: 'postgres' | 'mysql', server: string, clients: string[], steps: string[]) {
  await using ws = await workspace({
    'scenarios/rows.yaml': `id: rows\ntitle: rows\nengine: ${engine}\nsteps:\n${steps.map((s) => `  ${s}\n`).join('')}`,
    'matrix/m.yaml': `title: m\nservers: [${server}]\nclients:\n${clients.map((c) => `  - ${c}\n`).join('')}scenarios: [rows]\n`,
  });
  const result = await ws.cli(['run', '--runtime', 'local', '--report-dir', 'out']);
  const kept = (await readReport(path.join(ws.dir, 'out'))).cells.map((cell) => {
    const statement = cell.steps.find((step) => step.kind === 'connect')?.evidence.statements?.[0];
    return [cell.client.label, cell.status, statement?.rows?.length, statement?.rowCount, Number(statement?.rows?.[99]?.[0])];
  });
  return { result, kept };
}

const jars = await jdbcJars();
const python = await commandTool('Python clients', 'python3', ['-m', 'venv', '--help']);

describe('a statement returning 1,000 rows, through the clients that read them one by one', () => {
  it.skipIf(jars.skip || python.skip)(
    'JDBC, psycopg and node-postgres on Node 12 (probes) keep the first 100 rows and the count',
    async () => {
      for (const tool of [jars, python]) tool.assert();
      const { result, kept } = await keptRowsPerClient(
        'postgres',
        'postgres@16.4',
        ['jdbc', '{ driver: psycopg, version: 3.2.3 }', '{ driver: pg, version: 7.9.0, name: pg-node-12, options: { node: 12 } }'],
        ['- connect: rows', '  sql: SELECT g FROM generate_series(1, 1000) g'],
      );
      expect(kept, result.all).toEqual([
        ['jdbc', 'pass', 100, 1000, 100],
        ['psycopg@3.2.3', 'pass', 100, 1000, 100],
        ['pg-node-12', 'pass', 100, 1000, 100],
      ]);
    },
    300_000,
  );

  it('mariadb and mysqljs keep the first 100 rows and the count', async () => {
    const sql = `WITH t AS (${digits}) SELECT a.n * 100 + b.n * 10 + c.n + 1 FROM t a, t b, t c ORDER BY 1`;
    // mysqljs knows mysql_native_password only.
    const { result, kept } = await keptRowsPerClient(
      'mysql',
      'mysql@8.0.15',
      ['mariadb', 'mysql'],
      ['- create-user: { name: app, plugin: mysql_native_password }', '- connect: rows', '  user: app', `  sql: ${JSON.stringify(sql)}`],
    );
    expect(kept, result.all).toEqual([
      ['mariadb', 'pass', 100, 1000, 100],
      ['mysql', 'pass', 100, 1000, 100],
    ]);
  }, 300_000);
});

describe('a step that turns out unsupported in the middle of a cell', () => {
  const client = fileURLToPath(new URL('fixtures/pg-client.mjs', import.meta.url));
  it('keeps the steps before it, classifies the cell on them, and drops its users so the next cell passes', async () => {
    await using ws = await workspace({
      'scenarios/a.yaml': `id: a-mid-skip
title: a check that fails, then a step the client cannot carry out
engine: postgres
shareServer: true
server: { tls: true }
steps:
  - create-user: { name: app }
  - connect: first
    user: app
    settings: { tls: { mode: require } }
    expect: { error: password authentication failed }
  - connect: resumed
    user: app
    resumeTlsSessionFrom: first
    settings: { tls: { mode: require } }
`,
      'scenarios/b.yaml': `id: b-after
title: the same user again
engine: postgres
shareServer: true
server: { tls: true }
steps:
  - create-user: { name: app }
  - connect: again
    user: app
    settings: { tls: { mode: require } }
`,
      'matrix/m.yaml': `title: m\nservers: [postgres@15.9]\nscenarios: [a-mid-skip, b-after]\nclients:\n  - { driver: process, name: node-pg, options: { command: [node, ${JSON.stringify(client)}] } }\n`,
    });
    const result = await ws.cli(['run', '--runtime', 'local', '--report-dir', 'out']);
    const report = await readReport(path.join(ws.dir, 'out'));
    expect(
      report.cells.map((c) => [c.scenario.id, c.status]),
      result.all,
    ).toEqual([
      ['a-mid-skip', 'fail'],
      ['b-after', 'pass'],
    ]);
    const cell = report.cells[0]!;
    expect(cell.steps.map((s) => [s.index, s.name ?? s.kind, s.met])).toEqual([
      [1, 'create-user', true],
      [2, 'first', false],
    ]);
    expect(cell.reason).toBe(
      'first succeeded (expected an error matching "password authentication failed"); the rest was not run: step "resumed": this client cannot resume TLS sessions',
    );
    expect(cell.cleanup).toBeUndefined();
  }, 300_000);
});

describe('--repeat', () => {
  it('folds each cell of each matrix on its own, and does not repeat a skipped cell', async () => {
    const matrix = `title: m\nservers: [postgres@15.9, postgres@15.99]\nclients: [pg]\nscenarios: [plain]\n`;
    await using ws = await workspace({ 'scenarios/plain.yaml': plain, 'matrix/a.yaml': matrix, 'matrix/b.yaml': matrix });
    const result = await ws.cli(['run', '--runtime', 'local', '--repeat', '3', '--report-dir', 'out']);
    expect(result.exitCode, result.all).toBe(0);
    const report = await readReport(path.join(ws.dir, 'out'));
    expect(report.cells.map((c) => [c.matrixFile, c.id, c.status, c.repeats?.runs])).toEqual([
      ['matrix/a.yaml', 'postgres@15.9/pg/plain', 'pass', 3],
      ['matrix/a.yaml', 'postgres@15.99/pg/plain', 'skipped', 1],
      ['matrix/b.yaml', 'postgres@15.9/pg/plain', 'pass', 3],
      ['matrix/b.yaml', 'postgres@15.99/pg/plain', 'skipped', 1],
    ]);
  }, 300_000);
});

describe('compatlab merge with a shard missing', () => {
  it('writes the report of the shards it has, names every missing cell, and exits non-zero', async () => {
    await using ws = await workspace({
      'scenarios/plain.yaml': plain,
      'matrix/m.yaml': `title: m\nservers: [postgres@15.6, postgres@15.8, postgres@15.9]\nclients: [pg]\nscenarios: [plain]\n`,
    });
    for (const shard of ['1/3', '2/3']) {
      const run = await ws.cli(['run', '--runtime', 'local', '--shard', shard, '--report-dir', `shard-${shard[0]}`]);
      expect(run.exitCode, run.all).toBe(0);
    }
    const merged = await ws.cli(['merge', 'shard-1', 'shard-2', '--report-dir', 'merged']);
    expect(merged.exitCode, merged.all).toBe(1);
    expect(merged.all).toContain('1 cells of the plan are in no report (a shard missing?):\n  matrix/m.yaml: postgres@15.9/pg/plain');
    const report = await readReport(path.join(ws.dir, 'merged'));
    expect([report.cells.map((c) => c.id), report.missingCells]).toEqual([
      ['postgres@15.6/pg/plain', 'postgres@15.8/pg/plain'],
      ['matrix/m.yaml: postgres@15.9/pg/plain'],
    ]);
    expect(await readFile(path.join(ws.dir, 'merged', 'report.md'), 'utf8')).toContain('- `matrix/m.yaml: postgres@15.9/pg/plain`');
    expect(await readFile(path.join(ws.dir, 'merged', 'junit.xml'), 'utf8')).toContain('name="matrix/m.yaml: postgres@15.9/pg/plain"');
  }, 300_000);
});

describe('a run killed outright (SIGKILL)', () => {
  it('keeps its finished cells on disk, and merge rebuilds the report from them', async () => {
    await using ws = await workspace({
      'scenarios/plain.yaml': plain,
      'scenarios/slow.yaml': `id: slow\ntitle: slow\nengine: postgres\nsteps:\n  - sql: SELECT pg_sleep(20)\n`,
      'matrix/m.yaml': `title: m\nservers: [postgres@15.9]\nclients: [pg]\nscenarios: [plain, slow]\n`,
    });
    const run = ws.cli(['run', '--runtime', 'local', '--report-dir', 'out']);
    await printed(run, /\[1\/2\]/);
    run.kill('SIGKILL');
    await run;
    const files = await readdir(path.join(ws.dir, 'out'));
    expect(files).not.toContain('report.json');
    // The cell that never finished has no verdict: an error, so the rebuilt report is not a green run.
    const rebuilt = await ws.cli(['merge', 'out', '--report-dir', 'rebuilt']);
    expect(rebuilt.exitCode, rebuilt.all).toBe(1);
    const report = await readReport(path.join(ws.dir, 'rebuilt'));
    expect(report.cells.map((c) => [c.id, c.status, c.reason])).toEqual([
      ['postgres@15.9/pg/plain', 'pass', undefined],
      ['postgres@15.9/pg/slow', 'error', 'not run: the run ended before this cell finished'],
    ]);
    expect(report.notes?.at(-1)).toMatch(
      /^rebuilt from out\/cells\.jsonl: the run ended before writing its report; 1 results of 2 planned cells$/,
    );
  }, 300_000);
});

describe('a run killed outright, then another run', () => {
  it('has the next run write the killed run its reports, from its journal', async () => {
    await using ws = await workspace({
      'scenarios/plain.yaml': plain,
      'scenarios/slow.yaml': `id: slow\ntitle: slow\nengine: postgres\nsteps:\n  - sql: SELECT pg_sleep(20)\n`,
      'matrix/m.yaml': `title: m\nservers: [postgres@15.9]\nclients: [pg]\nscenarios: [plain, slow]\n`,
    });
    const killed = ws.cli(['run', '--runtime', 'local']);
    await printed(killed, /\[1\/2\]/);
    killed.kill('SIGKILL');
    await killed;
    const [dir] = (await readdir(path.join(ws.dir, 'reports'))).filter((d) => d !== 'latest');
    const next = await ws.cli(['run', '--runtime', 'local', '--cell', 'postgres@15.9/pg/plain']);
    expect(next.all).toContain(`the run in reports/${dir} ended before writing its reports; written from its journal (1 cells finished)`);
    const report = await readReport(path.join(ws.dir, 'reports', dir!));
    expect(report.cells.map((c) => [c.id, c.status])).toEqual([
      ['postgres@15.9/pg/plain', 'pass'],
      ['postgres@15.9/pg/slow', 'error'],
    ]);
    expect(await readdir(path.join(ws.dir, 'reports', dir!))).toEqual(expect.arrayContaining(['report.md', 'report.html', 'junit.xml']));
  }, 300_000);
});

describe('a step that hangs', () => {
  it('shows what was running at the deadline, the server log of that moment and the deadline', async () => {
    await using ws = await workspace({
      'scenarios/hang.yaml': `id: hang\ntitle: hang\nengine: postgres\nsteps:\n  - connect: c\n    sql: [SELECT 1, SELECT pg_sleep(60)]\n`,
      'matrix/m.yaml': `title: m\nservers: [postgres@15.9]\nclients: [postgres]\nscenarios: [hang]\n`,
    });
    const result = await ws.cli(['run', '--runtime', 'local', '--report-dir', 'out']);
    const cell = (await readReport(path.join(ws.dir, 'out'))).cells[0]!;
    expect([cell.status, cell.reason], result.all).toEqual(['error', 'step 1 "c" (connect "c" as postgres) did not finish within 20 s']);
    const { evidence } = cell.steps[0]!;
    expect(evidence.deadline).toMatchObject({ ms: 20_000, running: 'SELECT pg_sleep(60)' });
    expect(evidence.statements?.map((s) => [s.sql, s.ok, s.rows])).toEqual([['SELECT 1', true, [[1]]]]);
    const md = await readFile(path.join(ws.dir, 'out', 'report.md'), 'utf8');
    expect(md).toContain('still running at the deadline (20.0 s): `SELECT pg_sleep(60)`');
  }, 300_000);
});

describe('known failures that no cell checked', () => {
  it('are named in the summary, report.md and junit.xml; --strict (or strict: true) makes a skipped cell exit non-zero', async () => {
    const matrix = (strict: boolean) => `title: m
servers: [postgres@15.9, postgres@15.99]
clients: [pg]
scenarios: [plain]
${strict ? 'strict: true\n' : ''}knownFailures:
  - where: { server: postgres@15.99 }
    link: https://example.org/known
`;
    await using ws = await workspace({ 'scenarios/plain.yaml': plain, 'matrix/m.yaml': matrix(false), 'matrix/strict.yaml': matrix(true) });
    const loose = await ws.cli(['run', 'matrix/m.yaml', '--runtime', 'local', '--report-dir', 'loose']);
    const line =
      'matrix/m.yaml knownFailures[0] (https://example.org/known) was checked by no cell: its cell was skipped: postgres 15.99 is not published';
    expect(loose.exitCode, loose.all).toBe(0);
    expect(loose.all).toContain(line);
    expect(await readFile(path.join(ws.dir, 'loose', 'report.md'), 'utf8')).toContain(
      '- `matrix/m.yaml knownFailures[0]` (https://example.org/known) was checked by no cell: its cell was skipped: postgres 15.99',
    );
    expect(await readFile(path.join(ws.dir, 'loose', 'junit.xml'), 'utf8')).toContain(line);
    expect((await ws.cli(['run', 'matrix/m.yaml', '--runtime', 'local', '--strict', '--report-dir', 'strict-flag'])).exitCode).toBe(1);
    const strict = await ws.cli(['run', 'matrix/strict.yaml', '--runtime', 'local', '--report-dir', 'strict-matrix']);
    expect([strict.exitCode, strict.all]).toEqual([1, expect.stringContaining('strict: 1 cell was skipped')]);
  }, 300_000);
});

const dockerTool = await dockerEngine();
const docker = dockerTool.probe;
const dockerReason = docker.ok ? '' : `no Docker engine answers (${docker.reason})`;

describe.skipIf(dockerTool.skip)('with Docker (lab images mysql:9.7 and 8.0.15)', () => {
  it('a matrix with the mariadb client writes all four reports, with BigInt, bytes and dates as JSON holds them', async () => {
    if (!docker.ok) throw new Error(dockerReason);
    await using ws = await workspace({
      'scenarios/values.yaml': `id: values
title: values JSON has no type for
engine: mysql
steps:
  - connect: c
    sql: SELECT CAST(9007199254740993 AS UNSIGNED), X'DEADBEEF', TIMESTAMP '2024-01-02 03:04:05'
`,
      'matrix/m.yaml': `title: m\nservers: [mysql@9.7]\nclients: [mariadb]\nscenarios: [values]\n`,
    });
    const result = await ws.cli(['run', '--runtime', 'docker', '--images', 'lab', '--report-dir', 'out']);
    expect(result.exitCode, result.all).toBe(0);
    expect((await readdir(path.join(ws.dir, 'out'))).sort()).toEqual([
      'cells.jsonl',
      'junit.xml',
      'report.html',
      'report.json',
      'report.md',
    ]);
    const [row] = (await readReport(path.join(ws.dir, 'out'))).cells[0]!.steps[0]!.evidence.statements![0]!.rows!;
    expect(row![0]).toBe('9007199254740993');
    expect(row![1]).toBe('\\xdeadbeef');
    expect(row![2]).toMatch(/^2024-01-0\dT\d\d:04:05\.000Z$/);
  }, 300_000);

  it('a server whose container cannot be removed is a note on a complete report, not a lost run', async () => {
    if (!docker.ok) throw new Error(dockerReason);
    await using ws = await workspace({
      'scenarios/slow.yaml': `id: slow\ntitle: slow\nengine: postgres\nsteps:\n  - sql: SELECT pg_sleep(3)\n  - connect: c\n`,
      'matrix/m.yaml': `title: m\nservers: [postgres@15.9]\nclients: [pg]\nscenarios: [slow]\n`,
    });
    const run = ws.cli(['run', '--runtime', 'docker', '--images', 'lab', '--report-dir', 'out']);
    // A file the kernel will not let Docker delete makes the container's removal fail, as a busy or broken disk would.
    await printed(run, /ready in/);
    const { stdout: id } = await execa('docker', ['ps', '-q', '--filter', `label=dev.compatlab.pid=${run.pid}`]);
    expect(id, 'the run container').not.toBe('');
    await execa('docker', ['exec', '-u', '0', id, 'touch', '/pinned']);
    const { stdout: upper } = await execa('docker', ['inspect', '-f', '{{.GraphDriver.Data.UpperDir}}', id]);
    await execa('chattr', ['+i', path.join(upper, 'pinned')]);
    try {
      const result = await run;
      expect(result.exitCode, result.all).toBe(0);
      const report = await readReport(path.join(ws.dir, 'out'));
      expect(report.cells.map((c) => c.status)).toEqual(['pass']);
      expect(report.notes).toEqual([expect.stringMatching(/^could not stop postgres@15\.9: .*operation not permitted/)]);
      expect(result.all).toMatch(/note: could not stop postgres@15\.9: .*operation not permitted/);
    } finally {
      await execa('chattr', ['-i', path.join(upper, 'pinned')]);
      await execa('docker', ['rm', '-f', id], { reject: false });
    }
  }, 300_000);

  it.skipIf(skipMemory).each(['mysql2', 'mariadb'])(
    'a statement returning 2,000,000 rows through %s keeps the run under 300 MB, with the first 100 rows and the count',
    async (client) => {
      if (!docker.ok) throw new Error(dockerReason);
      const { result, peakMb, statement } = await bigResult('mysql', 'mysql@9.7', client, twoMillionMysqlRows, [
        '--runtime',
        'docker',
        '--images',
        'lab',
      ]);
      expect(result.exitCode, result.all).toBe(0);
      expect(peakMb, 'peak RSS in MB').toBeLessThan(300);
      expect([statement.rows?.length, statement.rowCount, statement.rows?.[0]]).toEqual([100, 2_000_000, ['y'.repeat(100)]]);
    },
    300_000,
  );

  // In a container, not on the local runtime: a local mysqld is a child of the run, and its own RSS alone is near 400 MB.
  it.skipIf(skipMemory)(
    'a statement returning 2,000,000 rows through mysqljs (MySQL 8.0.15) keeps the run under 300 MB, with the first 100 rows and the count',
    async () => {
      if (!docker.ok) throw new Error(dockerReason);
      const args = ['--runtime', 'docker', '--images', 'lab'];
      const { result, peakMb, statement } = await bigResult('mysql', 'mysql@8.0.15', 'mysql', twoMillionMysqlRows, args, 'app');
      expect(result.exitCode, result.all).toBe(0);
      expect(peakMb, 'peak RSS in MB').toBeLessThan(300);
      expect([statement.rows?.length, statement.rowCount, statement.rows?.[0]]).toEqual([100, 2_000_000, ['y'.repeat(100)]]);
    },
    300_000,
  );
});
