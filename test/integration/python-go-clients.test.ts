/**
 * Python and Go drivers on real servers, each in compatlab's probe: with and without TLS, a refused
 * login with the driver's own code and SQLSTATE, `options.native` reaching the driver and the report.
 * psycopg and pgx on PostgreSQL (local binaries), PyMySQL and go-sql-driver/mysql on MySQL 9.7 (lab
 * image). Needs python3 with venv, Go, PyPI and the Go module proxy on first use: skipped without
 * them, except in CI, where that fails.
 */
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../src/config/load.js';
import { matrix, scenario } from '../../src/config/schema.js';
import { silentLogger } from '../../src/core/context.js';
import type { CellResult } from '../../src/core/report.js';
import { expandPlan } from '../../src/plan/expand.js';
import { runPlan } from '../../src/runner/run-plan.js';
import { createRunContext } from '../../src/runner/session.js';
import { selectRuntime } from '../../src/runtimes/select.js';
import { commandTool, dockerEngine } from '../helpers/optional-tool.js';
import { workspace } from '../helpers/workspace.js';

const python = await commandTool('Python clients', 'python3', ['-m', 'venv', '--help']);
const go = await commandTool('Go clients', 'go', ['version']);
const docker = await dockerEngine();

async function run(matrixText: string, scenarioText: string, runtimeChoice: 'local' | 'docker'): Promise<CellResult[]> {
  const ctx = createRunContext(silentLogger, new AbortController().signal);
  await using runtime = await selectRuntime(runtimeChoice, ctx, { images: 'lab' });
  const plan = expandPlan([parseFile('matrix/m.yaml', matrixText, matrix)], [parseFile('scenarios/s.yaml', scenarioText, scenario)]);
  return await runPlan(plan, { runtime, ctx });
}

/** Per connect step: `ok`, or the error's exception class, code, server code, SQLSTATE and message. */
function connects(cell: CellResult): Record<string, string> {
  return Object.fromEntries(
    cell.steps
      .filter((s) => s.kind === 'connect')
      .map((s): [string, string] => {
        const e = s.outcome.error;
        return [
          s.name!,
          s.outcome.ok ? 'ok' : `${e?.exceptionClass} ${e?.code ?? '-'} ${e?.serverCode ?? '-'} ${e?.sqlState ?? '-'} ${e?.message}`,
        ];
      }),
  );
}

const step = (cell: CellResult, name: string) => cell.steps.find((s) => s.name === name)!;

const pgScenario = `id: s
title: psycopg and pgx with and without TLS, native options, a refused login
engine: postgres
server: { tls: true }
steps:
  - create-user: { name: app }
  - connect: plain
    user: app
    settings: { tls: { mode: disable } }
    sql: SELECT ssl, current_setting('application_name') FROM pg_stat_ssl WHERE pid = pg_backend_pid()
    rows: [[false, compatlab-native]]
  - connect: tls
    user: app
    settings: { tls: { mode: verify-full, maxVersion: TLSv1.2 } }
    sql: SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()
    rows: [[true, TLSv1.2]]
  - sql: ALTER ROLE app NOLOGIN
  - connect: refused
    user: app
    settings: { tls: { mode: require } }
    expect: { error: not permitted to log in }
`;
const pgMatrix = `title: m
servers: [postgres@16.4]
clients:
  - { driver: psycopg, version: 3.2.3, options: { native: { application_name: compatlab-native } } }
  - { driver: pgx, version: 5.7.1, options: { native: { application_name: compatlab-native } } }
scenarios: [s]
`;

describe.skipIf(python.skip || go.skip)('psycopg and pgx on PostgreSQL 16.4 (local runtime)', () => {
  it('connect with and without TLS, pass native options as written, and refuse a login with the driver’s own code', async () => {
    for (const tool of [python, go]) tool.assert();
    const cells = await run(pgMatrix, pgScenario, 'local');
    expect(cells.map((c) => [c.client.label, c.status, c.reason, c.client.version])).toEqual([
      ['psycopg@3.2.3', 'pass', undefined, '3.2.3'],
      ['pgx@5.7.1', 'pass', undefined, '5.7.1'],
    ]);
    const [psycopg, pgx] = cells as [CellResult, CellResult];
    expect(psycopg.client.runtime).toMatch(/^CPython 3\.\d+\.\d+$/);
    expect(psycopg.client.origin).toMatch(
      /^PyPI psycopg\[binary\]==3\.2\.3: .*psycopg_binary-3\.2\.3-.*\.whl.* \(sha256 checked by pip\); venv /,
    );
    expect(pgx.client.runtime).toMatch(/^go1\.\d+/);
    expect(pgx.client.origin).toMatch(/^Go module proxy: github\.com\/jackc\/pgx\/v5 v5\.7\.1 \(h1:.*, checked against sum\.golang\.org\)/);
    // libpq gives no SQLSTATE for a refused login; pgx has the server's.
    expect(connects(psycopg).refused).toMatch(
      /^psycopg\.OperationalError - - - connection failed: .*FATAL: {2}role "app" is not permitted to log in/,
    );
    expect(connects(pgx).refused).toMatch(
      /^\*pgconn\.ConnectError 28000 - 28000 failed to connect to .*role "app" is not permitted to log in/,
    );
    expect(step(pgx, 'refused').outcome.error?.causes?.at(-1)).toMatchObject({ exceptionClass: '*pgconn.PgError' });
    // What the driver received, the password left out, and what TLS it negotiated.
    expect(step(psycopg, 'tls').evidence.driverConfig?.conninfo).toMatch(
      /^host=127\.0\.0\.1 port=\d+ user=app dbname=postgres connect_timeout=15 sslmode=verify-full sslrootcert=\S+ ssl_max_protocol_version=TLSv1\.2 application_name=compatlab-native password=<redacted>$/,
    );
    expect(step(pgx, 'plain').evidence.driverConfig?.dsn).toMatch(
      / sslmode=disable application_name=compatlab-native password=<redacted>$/,
    );
    expect(step(psycopg, 'tls').evidence.tls).toMatchObject({ protocol: 'TLSv1.2', sessionOffered: false, sessionReused: false });
    expect(step(pgx, 'tls').evidence.tls).toMatchObject({ protocol: 'TLSv1.2', cipher: expect.stringMatching(/^TLS_/) as unknown });
    expect(step(pgx, 'plain').evidence.tls).toEqual({ protocol: null, sessionOffered: false, sessionReused: false });
  });
});

const mysqlScenario = `id: s
title: PyMySQL and go-sql-driver with and without TLS, native options, a refused login
engine: mysql
steps:
  - create-user: { name: app }
  - connect: plain
    user: app
    settings: { tls: { mode: disable }, serverPublicKey: fetch }
    sql: SHOW SESSION STATUS LIKE 'Ssl_version'
    rows: [[Ssl_version, '']]
  - connect: tls
    user: app
    settings: { tls: { mode: prefer } }
    sql: SELECT VARIABLE_VALUE, @@session.time_zone FROM performance_schema.session_status WHERE VARIABLE_NAME = 'Ssl_version'
    rows: [[TLSv1.3, '+02:00']]
  - sql: ALTER USER app ACCOUNT LOCK
  - connect: locked
    user: app
    settings: { tls: { mode: prefer } }
    expect: { error: { code: '3118' } }
`;
const mysqlMatrix = `title: m
servers: [mysql@9.7]
clients:
  - { driver: pymysql, version: 1.1.1, options: { native: { init_command: "SET time_zone = '+02:00'" } } }
  - { driver: go-sql-driver, version: 1.8.1, options: { native: { time_zone: "'+02:00'" } } }
scenarios: [s]
`;

describe.skipIf(python.skip || go.skip || docker.skip)('PyMySQL and go-sql-driver/mysql on MySQL 9.7 (lab image)', () => {
  it('connect with and without TLS, pass native options as written, and refuse a locked account with the server’s number', async () => {
    for (const tool of [python, go, docker]) tool.assert();
    const cells = await run(mysqlMatrix, mysqlScenario, 'docker');
    expect(cells.map((c) => [c.client.label, c.status, c.reason])).toEqual([
      ['pymysql@1.1.1', 'pass', undefined],
      ['go-sql-driver@1.8.1', 'pass', undefined],
    ]);
    const [pymysql, goMysql] = cells as [CellResult, CellResult];
    // PyMySQL keeps the server's number, not its SQLSTATE; go-sql-driver has both.
    expect(connects(pymysql).locked).toMatch(
      /^pymysql\.err\.OperationalError 3118 3118 - \(3118, "Access denied for user 'app'@'[\d.]+'\. Account is locked\."\)$/,
    );
    expect(connects(goMysql).locked).toMatch(
      /^\*mysql\.MySQLError 3118 3118 HY000 Error 3118 \(HY000\): Access denied for user 'app'@'[\d.]+'\. Account is locked\.$/,
    );
    expect(step(pymysql, 'tls').evidence.driverConfig).toEqual({
      kwargs: {
        host: '127.0.0.1',
        port: expect.any(Number) as unknown,
        user: 'app',
        database: '',
        connect_timeout: 15,
        ssl: 'SSLContext(verify_mode=CERT_NONE, check_hostname=False, minimum_version=TLSv1_2, maximum_version=MAXIMUM_SUPPORTED)',
        init_command: "SET time_zone = '+02:00'",
      },
    });
    expect(step(goMysql, 'tls').evidence.driverConfig?.dsn).toMatch(
      /^app@tcp\(127\.0\.0\.1:\d+\)\/\?allowFallbackToPlaintext=true&time_zone=%27%2B02%3A00%27&timeout=15000ms&tls=compatlab\d+$/,
    );
    for (const cell of cells) expect(step(cell, 'tls').evidence.tls).toMatchObject({ protocol: 'TLSv1.3', sessionReused: false });
  });
});

describe('validate', () => {
  it('rejects an unknown driver and malformed Python and Go versions with file, line and column', async () => {
    await using ws = await workspace({
      'scenarios/s.yaml': 'id: s\ntitle: t\nengine: postgres\nsteps:\n  - connect: c\n',
      'matrix/m.yaml': `title: m
servers: [postgres@16.4]
clients:
  - psycopg3@3.2.3
  - psycopg@^3
  - pgx@3.0.0
  - { driver: pq, version: one }
  - pgx
scenarios: [s]
`,
    });
    const result = await ws.cli(['validate']);
    expect(result.exitCode).toBe(2);
    expect(result.all).toContain('matrix/m.yaml:4:5: clients[0]: unknown client "psycopg3"; known clients: ');
    expect(result.all).toContain(
      'matrix/m.yaml:5:5: clients[1]: version "^3" must be an exact PyPI release, e.g. 3.2.3 (ranges and latest are not resolved for Python drivers)',
    );
    expect(result.all).toContain(
      'matrix/m.yaml:6:5: clients[2]: pgx versions are 4.x (github.com/jackc/pgx/v4) or 5.x (github.com/jackc/pgx/v5), not v3.0.0',
    );
    expect(result.all).toContain('matrix/m.yaml:7:');
    expect(result.all).toContain('matrix/m.yaml:8:5: clients[4]: pgx needs a module version, e.g. pgx@5.7.1');
  });
});
