/**
 * Node drivers on real servers: two versions of one driver in one run, client SQL whose outcome
 * depends on the server version, a created user who owns a table, and each new driver with and
 * without TLS and with a refused login. PostgreSQL runs from local binaries; MySQL 9.7 from the lab
 * image (skipped when no Docker engine answers, except in CI).
 */
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/config/discover.js';
import { parseFile } from '../../src/config/load.js';
import { matrix, scenario } from '../../src/config/schema.js';
import { silentLogger } from '../../src/core/context.js';
import type { CellResult } from '../../src/core/report.js';
import { expandPlan } from '../../src/plan/expand.js';
import { runPlan } from '../../src/runner/run-plan.js';
import { createRunContext } from '../../src/runner/session.js';
import { dockerEngine } from '../helpers/optional-tool.js';
import { selectRuntime } from '../../src/runtimes/select.js';

async function run(matrixText: string, scenarioText: string, runtimeChoice: 'local' | 'docker'): Promise<CellResult[]> {
  const ctx = createRunContext(silentLogger, new AbortController().signal);
  await using runtime = await selectRuntime(runtimeChoice, ctx, { images: 'lab' });
  const plan = expandPlan([parseFile('matrix/m.yaml', matrixText, matrix)], [parseFile('scenarios/s.yaml', scenarioText, scenario)]);
  return await runPlan(plan, { runtime, ctx });
}

/** Per connect step: `ok`, or the error's code, SQLSTATE and message. */
function connects(cell: CellResult | undefined): Record<string, string> {
  if (!cell) throw new Error('no such cell');
  return Object.fromEntries(
    cell.steps
      .filter((s) => s.kind === 'connect')
      .map((s): [string, string] => {
        const e = s.outcome.error;
        return [s.name ?? String(s.index), s.outcome.ok ? 'ok' : `${e?.code} ${e?.sqlState ?? '-'} ${e?.message}`];
      }),
  );
}

describe('node-postgres at two versions in one run; SQL that needs PostgreSQL 16 (local runtime)', async () => {
  const project = await loadProject(['matrix/pg-driver-versions.yaml']);
  const ctx = createRunContext(silentLogger, new AbortController().signal);
  const plan = expandPlan(project.matrices, project.scenarios, { scenarios: ['pg-client-sql'] });
  await using runtime = await selectRuntime('local', ctx);
  const cells = await runPlan(plan, { runtime, ctx });
  const byId = (id: string) => cells.find((c) => c.id === id);

  it('runs pg@8.7.3 from the cache and the bundled pg side by side, each cell saying which ran', () => {
    const clients = cells.filter((c) => c.server.label === 'postgres@16.4').map((c) => [c.client.label, c.client.version, c.client.origin]);
    expect(clients).toEqual([
      ['pg@8.7.3', '8.7.3', expect.stringMatching(/^npm registry, (cached in|installed into) .*\/clients\/pg\/8\.7\.3$/)],
      ['pg', expect.not.stringMatching(/^8\.7\.3$/), 'bundled with compatlab'],
      ['postgres', expect.stringMatching(/^3\./), 'bundled with compatlab'],
    ]);
  });

  it('fails the client statement on 15.9 with the server SQLSTATE, and passes it on 16.4', () => {
    expect(cells.map((c) => [c.id, c.status, c.cleanup])).toEqual([
      ['postgres@15.9/pg@8.7.3/pg-client-sql', 'known-fail', undefined],
      ['postgres@15.9/pg/pg-client-sql', 'known-fail', undefined],
      ['postgres@15.9/postgres/pg-client-sql', 'known-fail', undefined],
      ['postgres@16.4/pg@8.7.3/pg-client-sql', 'pass', undefined],
      ['postgres@16.4/pg/pg-client-sql', 'pass', undefined],
      ['postgres@16.4/postgres/pg-client-sql', 'pass', undefined],
    ]);
    const missing = '42883 42883 function pg_input_is_valid(text, unknown) does not exist';
    expect(connects(byId('postgres@15.9/postgres/pg-client-sql'))).toEqual({ 'create-table': 'ok', validate: missing });
    expect(byId('postgres@16.4/pg/pg-client-sql')!.steps.at(-1)!.evidence.rows).toEqual({
      expected: [
        ['42', 'true'],
        ['4x2', 'false'],
      ],
      returned: [
        ['42', 'true'],
        ['4x2', 'false'],
      ],
    });
  });

  it('gives a cell whose user owns a table its real verdict, and drops the user with the table', () => {
    // Three cells on one server each create `app`, who creates a table: that works only if cleanup dropped both.
    const statements = byId('postgres@16.4/postgres/pg-client-sql')!.steps.find((s) => s.name === 'create-table')!.evidence.statements;
    expect(statements?.map((s) => [s.sql, s.ok])).toEqual([
      ['CREATE TABLE app_input (value text)', true],
      ["INSERT INTO app_input VALUES ('42'), ('4x2')", true],
      ['SELECT value FROM app_input ORDER BY value', true],
    ]);
  });
});

const pgTlsScenario = `id: driver-tls
title: t
engine: postgres
server: { tls: true }
steps:
  - create-user: { name: app }
  - connect: plain
    user: app
    settings: { tls: { mode: disable } }
    sql: SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()
    rows: [[false]]
  - connect: tls
    user: app
    settings: { tls: { mode: verify-full, maxVersion: TLSv1.2 } }
    sql: SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()
    rows: [[true, TLSv1.2]]
  - sql: ALTER ROLE app VALID UNTIL '2000-01-01'
  - connect: expired
    user: app
    expect: { error: { code: 28P01 } }
`;

describe('postgres.js (local runtime)', () => {
  it('connects with and without TLS, and a refused login carries the SQLSTATE', async () => {
    const cells = await run('title: m\nservers: [postgres@16.4]\nclients: [postgres]\nscenarios: [driver-tls]\n', pgTlsScenario, 'local');
    expect(cells.map((c) => [c.id, c.status, c.reason])).toEqual([['postgres@16.4/postgres/driver-tls', 'pass', undefined]]);
    expect(connects(cells[0])).toEqual({
      plain: 'ok',
      tls: 'ok',
      expired: '28P01 28P01 password authentication failed for user "app"',
    });
  });
});

describe('cleanup (local runtime)', () => {
  it('reports a user it cannot drop beside the verdict, never instead of it', async () => {
    const text = `id: owns-database
title: t
engine: postgres
steps:
  - create-user: { name: app }
  - sql: CREATE DATABASE app_db OWNER app # DROP OWNED BY leaves databases alone
  - connect: own-database
    user: app
    database: app_db
    sql: SELECT current_database()
    rows: [[app_db]]
`;
    const cells = await run('title: m\nservers: [postgres@16.4]\nclients: [pg]\nscenarios: [owns-database]\n', text, 'local');
    expect(cells.map((c) => [c.status, c.steps.map((s) => s.met), c.cleanup])).toEqual([
      ['pass', [true, true, true], 'could not drop the users app: role "app" cannot be dropped because some objects depend on it'],
    ]);
  });
});

const dockerTool = await dockerEngine();
const mysqlTlsScenario = `id: driver-tls
title: t
engine: mysql
server: { tls: true }
steps:
  - create-user: { name: app }
  - connect: plain
    user: app
    settings: { tls: { mode: disable }, serverPublicKey: fetch }
    sql: SHOW SESSION STATUS LIKE 'Ssl_version'
    rows: [[Ssl_version, '']]
  - connect: tls
    user: app
    settings: { tls: { mode: verify-ca } }
    sql: SHOW SESSION STATUS LIKE 'Ssl_version'
    rows: [[Ssl_version, TLSv1.3]]
  - sql: ALTER USER app ACCOUNT LOCK
  - connect: locked
    user: app
    settings: { tls: { mode: verify-ca } }
    expect: { error: locked }
`;

describe.skipIf(dockerTool.skip)('mysql and mariadb on MySQL 9.7 (lab image)', () => {
  it('mariadb connects with and without TLS, and a refused login carries its own code and the SQLSTATE', async () => {
    const m = 'title: m\nservers: [mysql@9.7]\nclients: [mariadb]\nscenarios: [driver-tls]\n';
    const cells = await run(m, mysqlTlsScenario, 'docker');
    expect(cells.map((c) => [c.id, c.status, c.reason])).toEqual([['mysql@9.7/mariadb/driver-tls', 'pass', undefined]]);
    expect(connects(cells[0])).toEqual({
      plain: 'ok',
      tls: 'ok',
      // The connector names server errors it has no name for by number; the host is the Docker bridge's.
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest's asymmetric matcher is typed any
      locked: expect.stringMatching(
        /^ER_MYSQL_3118 HY000 \(conn:\d+, no: 3118, SQLState: HY000\) Access denied for user 'app'@'[\d.]+'\. Account is locked\.$/,
      ),
    });
  });

  it('mysql2 2.3.3 from the cache connects; its server error without a name keeps its number', async () => {
    const m = 'title: m\nservers: [mysql@9.7]\nclients: [mysql2@2.3.3]\nscenarios: [driver-tls]\n';
    const cells = await run(m, mysqlTlsScenario, 'docker');
    expect(cells.map((c) => [c.id, c.status, c.client.version])).toEqual([['mysql@9.7/mysql2@2.3.3/driver-tls', 'pass', '2.3.3']]);
    // 2.3.3 logs in with caching_sha2_password without an auth switch, so the auth plugins (and the probe) are never called.
    const connections = cells[0]!.steps.filter((s) => s.kind === 'connect');
    expect(connections.map((s) => [s.name, s.evidence.auth?.path ?? 'not observed', s.outcome.error?.code])).toEqual([
      ['plain', 'not observed', undefined],
      ['tls', 'not observed', undefined],
      ['locked', 'not observed', '3118'],
    ]);
  });

  it('mysqljs cannot log in to a caching_sha2_password account, with or without TLS, and says so with its own code', async () => {
    const m = 'title: m\nservers: [mysql@9.7]\nclients: [mysql]\nscenarios: [driver-tls]\n';
    const scenarioText = mysqlTlsScenario.replace(', serverPublicKey: fetch', '').replace(/ {4}rows: .*\n/g, '');
    const cells = await run(m, scenarioText, 'docker');
    expect(cells.map((c) => [c.id, c.status])).toEqual([['mysql@9.7/mysql/driver-tls', 'fail']]);
    expect(connects(cells[0])).toMatchInlineSnapshot(`
      {
        "locked": "ER_NOT_SUPPORTED_AUTH_MODE 08004 ER_NOT_SUPPORTED_AUTH_MODE: Client does not support authentication protocol requested by server; consider upgrading MySQL client",
        "plain": "ER_NOT_SUPPORTED_AUTH_MODE 08004 ER_NOT_SUPPORTED_AUTH_MODE: Client does not support authentication protocol requested by server; consider upgrading MySQL client",
        "tls": "ER_NOT_SUPPORTED_AUTH_MODE 08004 ER_NOT_SUPPORTED_AUTH_MODE: Client does not support authentication protocol requested by server; consider upgrading MySQL client",
      }
    `);
  });
});
