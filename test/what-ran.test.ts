/**
 * What ran is exactly what was asked, and the report says what the server runs with: a client version that
 * is not the one that would run is skipped with the reason; a TLS file compatlab sets is rejected at
 * `validate`, never overwritten; the report's server block holds the configuration read back from the server;
 * one `expect.error.code` fits every client of one MySQL error.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CellResult, Report } from '../src/core/report.js';
import { dockerEngine, jdbcJars } from './helpers/optional-tool.js';
import { workspace } from './helpers/workspace.js';

const docker = await dockerEngine();
const jars = await jdbcJars();

const report = async (dir: string) => JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as Report;
const byClient = (r: Report) => Object.fromEntries(r.cells.map((c) => [c.client.label, c])) as Record<string, CellResult>;

const plain = `id: plain\ntitle: one connection\nengine: postgres\nsteps:\n  - connect: app\n`;

describe('what ran is what was asked', () => {
  it.skipIf(jars.skip)("a JDBC version that is not the jar's is skipped with the reason, never run in its place", async () => {
    jars.assert();
    const debianJar = { jar: '/usr/share/java/postgresql.jar' };
    await using ws = await workspace({
      'scenarios/plain.yaml': plain,
      'matrix/m.yaml': JSON.stringify({
        title: 'jdbc versions',
        servers: ['postgres@15.9'],
        clients: [
          { driver: 'jdbc', version: '42.1.4', options: debianJar },
          { driver: 'jdbc', version: '42.2.1', name: 'jdbc-range', options: debianJar },
          { driver: 'jdbc', name: 'jdbc-debian', options: debianJar },
        ],
        scenarios: ['plain'],
      }),
    });
    const run = await ws.cli(['run', '--runtime', 'local', '--report-dir', 'out']);
    expect(run.exitCode, run.all).toBe(0);
    const cells = byClient(await report(path.join(ws.dir, 'out')));
    const standIn = (asked: string) =>
      `jdbc@${asked} was asked for, and what would run is 42.5.5 (/usr/share/java/postgresql.jar, probe compiled in`;
    expect([cells['jdbc@42.1.4']?.status, cells['jdbc@42.1.4']?.reason]).toEqual(['skipped', expect.stringContaining(standIn('42.1.4'))]);
    expect([cells['jdbc-range']?.status, cells['jdbc-range']?.reason]).toEqual(['skipped', expect.stringContaining(standIn('42.2.1'))]);
    expect(cells['jdbc@42.1.4']?.steps).toEqual([]);
    expect([cells['jdbc-debian']?.status, cells['jdbc-debian']?.client.version]).toEqual([
      'pass',
      expect.stringMatching(/^42\.5\.5 \(PostgreSQL JDBC Driver/),
    ]);
    expect(run.all).toContain('jdbc@42.1.4 was asked for, and what would run is 42.5.5');
  });

  it('a TLS file compatlab sets for server.tls is rejected at validate with file:line:column, not overwritten', async () => {
    await using ws = await workspace({
      'scenarios/own-cert.yaml': `id: own-cert\ntitle: my certificate\nengine: postgres\nserver:\n  tls: true\n  settings:\n    ssl_cert_file: /etc/ssl/my.crt\nsteps:\n  - connect: app\n`,
      'matrix/m.yaml': `title: m\nservers: [postgres@15.9]\nclients: [pg]\nscenarios: [own-cert]\n`,
    });
    const run = await ws.cli(['validate']);
    expect([run.exitCode, run.all]).toEqual([
      2,
      expect.stringContaining(
        'scenarios/own-cert.yaml:7:20: server.settings.ssl_cert_file: may not be set: compatlab sets ssl_cert_file for `server.tls`',
      ),
    ]);
  });

  it("the report's server block shows what the PostgreSQL server reports for every setting the scenario or compatlab set", async () => {
    await using ws = await workspace({
      'scenarios/tls.yaml': `id: tls\ntitle: TLS 1.3 only\nengine: postgres\nserver:\n  tls: { clientCa: true }\n  settings: { ssl_min_protocol_version: TLSv1.3, work_mem: 8MB }\nsteps:\n  - connect: app\n    settings: { tls: { mode: require } }\n  - connect: tls12\n    settings: { tls: { mode: require, maxVersion: TLSv1.2 } }\n`,
      'matrix/m.yaml': `title: m\nservers: [postgres@15.9]\nclients: [pg]\nscenarios: [tls]\n`,
    });
    // The TLS 1.2 connection fails: the report's server block says why (ssl_min_protocol_version, set by the scenario).
    const run = await ws.cli(['run', '--runtime', 'local', '--report-dir', 'out']);
    expect(run.exitCode, run.all).toBe(1);
    const effective = Object.fromEntries((await report(path.join(ws.dir, 'out'))).cells[0]!.server.effective!.map((s) => [s.name, s]));
    expect(effective).toMatchObject({
      ssl: { value: 'on', setBy: 'compatlab' },
      ssl_cert_file: { value: expect.stringMatching(/\/tls\/server\.crt$/) as string, setBy: 'compatlab' },
      ssl_key_file: { value: expect.stringMatching(/\/tls\/server\.key$/) as string, setBy: 'compatlab' },
      ssl_ca_file: { value: expect.stringMatching(/\/tls\/ca\.crt$/) as string, setBy: 'compatlab' },
      ssl_min_protocol_version: { value: 'TLSv1.3', setBy: 'scenario' },
      work_mem: { value: '8192 (kB)', setBy: 'scenario' },
      // The version's own default, never passed on the command line.
      password_encryption: { value: 'scram-sha-256', setBy: 'server default' },
      pg_hba_file_rules: { value: ['local all all trust', 'host all all all scram-sha-256'], setBy: 'compatlab' },
    });
    const md = await readFile(path.join(ws.dir, 'out', 'report.md'), 'utf8');
    expect(md).toContain('`password_encryption=scram-sha-256` (');
    expect(md).toContain('`ssl_min_protocol_version=TLSv1.3` (scenario)');
    expect(await readFile(path.join(ws.dir, 'out', 'report.html'), 'utf8')).toContain('<dt>As the server reports it</dt>');
  });
});

const syntaxError = `id: syntax-error
title: one syntax error, one expectation for every client
engine: mysql
steps:
  - create-user: { name: app }
  - connect: app
    user: app
    settings: { tls: { mode: require } }
    sql: SELEC 1
    expect:
      # mysqljs cannot log in with caching_sha2_password: its error number is kept too.
      - { when: { client: mysql }, error: { code: '1251' } }
      - error: { code: '42000' }
`;

describe.skipIf(docker.skip)('one error, every code (MySQL 9.7, lab image)', () => {
  it("expect.error.code '42000' matches mysql2, mysqljs, mariadb, the CLI and JDBC; each error keeps its codes; the server block shows MySQL's TLS state", async () => {
    docker.assert();
    const clients = ['mysql2', 'mysql', 'mariadb', 'mysql-cli', ...(jars.skip ? [] : ['jdbc'])];
    await using ws = await workspace({
      'scenarios/syntax-error.yaml': syntaxError,
      'matrix/m.yaml': `title: m\nservers: [mysql@9.7]\nclients: [${clients.join(', ')}]\nscenarios: [syntax-error]\n`,
    });
    const run = await ws.cli(['run', '--runtime', 'docker', '--images', 'lab', '--report-dir', 'out']);
    const r = await report(path.join(ws.dir, 'out'));
    expect(
      r.cells.map((c) => [c.client.label, c.status, c.reason]),
      run.all,
    ).toEqual(clients.map((c) => [c, 'pass', undefined]));
    const errors = Object.fromEntries(r.cells.map((c) => [c.client.label, c.steps[1]!.outcome.error]));
    const identity = (code: string) => ({ code, serverCode: 1064, sqlState: '42000' });
    expect(errors).toMatchObject({
      mysql2: identity('ER_PARSE_ERROR'),
      mysql: { code: 'ER_NOT_SUPPORTED_AUTH_MODE', serverCode: 1251, sqlState: '08004' },
      mariadb: identity('ER_PARSE_ERROR'),
      'mysql-cli': identity('1064'),
      ...(jars.skip ? {} : { jdbc: identity('42000') }),
    });
    const effective = Object.fromEntries(r.cells[0]!.server.effective!.map((s) => [s.name, s]));
    expect(effective).toMatchObject({
      tls_version: { value: expect.stringContaining('TLSv1.2') as string, setBy: 'server default' },
      ssl_cert: { value: 'server-cert.pem', setBy: 'server default' },
      authentication_policy: { setBy: 'server default' },
    });
  });
});
