/**
 * The `mariadb` command-line client (mariadb-cli) on the local runtime, through the real CLI: MariaDB 10.11
 * and 11.8 (Debian's builds) with the client of each server's own build (or this machine's, when it has
 * one), and MySQL 9.7 (Debian sid's build, which has no mariadb client) with MariaDB 11.8's (`mariadb-cli@11.8`).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { workspace } from './helpers/workspace.js';

/** A `mariadb` on this machine's PATH is the one that runs, for every server: its version as compatlab records it. */
async function hostMariadb(): Promise<string | undefined> {
  const result = await execa('mariadb', ['--version'], { reject: false });
  const release = /^(?:\S*\/)?mariadb\s+(?:Ver|from)\s.*\b(\d+\.\d+\.\d+)-MariaDB/.exec(result.stdout);
  return result.exitCode === 0 && release ? `${release[1]} (${result.stdout.trim()})` : undefined;
}

interface Cell {
  id: string;
  status: string;
  reason?: string;
  machineLacks?: boolean;
  client: { version?: string; origin?: string };
  steps: {
    name?: string;
    met: boolean;
    outcome: { ok: boolean; error?: { code?: string; serverCode?: number; sqlState?: string; message: string } };
    evidence: { tls?: { protocol: string }; driverConfig?: { options: string[] } };
  }[];
}

describe('mariadb-cli on the local runtime', () => {
  it('logs in with TLS off and preferred, verifies the certificate, is refused with 1045 / 28000 for a wrong password, and reaches MySQL 9.7 as mariadb-cli@11.8', async () => {
    await using ws = await workspace({
      'scenarios/login.yaml': [
        'id: login',
        'title: login',
        'engine: mariadb',
        'steps:',
        '  - create-user: { name: app }',
        '  - connect: plain',
        '    user: app',
        '    settings: { tls: { mode: disable } }',
        '    sql: SELECT CURRENT_USER()',
        "    rows: [['app@%']]",
        '  - connect: preferred',
        '    user: app',
        '    settings: { tls: { mode: prefer } }',
        // A hash no password has: the password compatlab holds for app is now wrong (and none is in the report).
        "  - sql: ALTER USER app IDENTIFIED BY PASSWORD '*0000000000000000000000000000000000000000'",
        '  - connect: wrong-password',
        '    user: app',
        "    expect: { error: { code: '1045' } }",
        '',
      ].join('\n'),
      'scenarios/verify.yaml': [
        'id: verify',
        'title: verify',
        'engine: mariadb',
        'server: { tls: true }',
        'steps:',
        '  - connect: verified',
        '    settings: { tls: { mode: verify-full } }',
        '  - connect: tls12',
        '    settings: { tls: { mode: prefer, maxVersion: TLSv1.2 } }',
        '',
      ].join('\n'),
      'scenarios/on-mysql.yaml': [
        'id: on-mysql',
        'title: on-mysql',
        'engine: mysql',
        'steps:',
        '  - create-user: { name: app, plugin: caching_sha2_password }',
        // An empty cache and no TLS: the login needs the server's RSA key, which libmariadb asks for.
        '  - connect: plain',
        '    user: app',
        '    settings: { tls: { mode: disable } }',
        '  - connect: preferred',
        '    user: app',
        '    settings: { tls: { mode: prefer } }',
        '    sql: SELECT CURRENT_USER()',
        "    rows: [['app@%']]",
        '',
      ].join('\n'),
      'matrix/mariadb.yaml': [
        'title: mariadb',
        'servers: [mariadb@10.11, mariadb@11.8]',
        'clients:',
        '  - mariadb-cli',
        '  - { driver: mariadb-cli, name: required, settings: { tls: { mode: require } } }',
        'scenarios: [login, verify]',
        '',
      ].join('\n'),
      'matrix/mysql.yaml': [
        'title: mysql',
        'servers: [mysql@9.7]',
        'clients: [mariadb-cli, mariadb-cli@11.8]',
        'scenarios: [on-mysql]',
        '',
      ].join('\n'),
    });
    const host = await hostMariadb();
    const run = await ws.cli(['run', '--runtime', 'local', '--report-dir', 'out']);
    const report = JSON.parse(await readFile(path.join(ws.dir, 'out', 'report.json'), 'utf8')) as { cells: Cell[] };
    const cells = new Map(report.cells.map((c) => [c.id, c]));
    const cell = (id: string) => cells.get(id) ?? expect.fail(`no cell ${id}:\n${run.all}`);

    // Sid's MySQL build has no mariadb client: only one on this machine can run there (how it fares is its own).
    const onMysql = cell('mysql@9.7/mariadb-cli/on-mysql');
    if (host) expect(onMysql).toMatchObject({ client: { version: host, origin: 'on this machine' } });
    else
      expect(onMysql).toMatchObject({
        status: 'skipped',
        machineLacks: true,
        reason: expect.stringMatching(
          /^the mariadb client is neither on this machine's PATH nor among the programs of the server's build \(Debian sid mysql-server-core /,
        ) as string,
      });
    const others = report.cells.filter((c) => c !== onMysql);
    expect(Object.fromEntries(others.map((c) => [c.id, c.status])), run.all).toEqual({
      'mariadb@10.11/mariadb-cli/login': 'pass',
      'mariadb@10.11/mariadb-cli/verify': 'pass',
      'mariadb@10.11/required/login': 'skipped',
      'mariadb@10.11/required/verify': 'pass', // the step's verify-full replaces the client's require
      'mariadb@11.8/mariadb-cli/login': 'pass',
      'mariadb@11.8/mariadb-cli/verify': 'pass',
      'mariadb@11.8/required/login': 'skipped',
      'mariadb@11.8/required/verify': 'pass',
      'mysql@9.7/mariadb-cli@11.8/on-mysql': 'pass',
    });

    // Each server's own client (or this machine's): its release, then `--version` exactly as it printed it.
    const versions = {
      'mariadb@10.11': /^10\.11\.\d+ \(mariadb\s+Ver 15\.1 Distrib 10\.11\.\d+-MariaDB, for debian-linux-gnu \(x86_64\)/,
      'mariadb@11.8': /^11\.8\.\d+ \(mariadb from 11\.8\.\d+-MariaDB, client 15\.2 for debian-linux-gnu \(x86_64\)/,
    };
    for (const [server, version] of Object.entries(versions)) {
      const login = cell(`${server}/mariadb-cli/login`);
      expect(login.client).toMatchObject(
        host
          ? { version: host, origin: 'on this machine' }
          : { version: expect.stringMatching(version) as string, origin: "from the server's build" },
      );
      const [, plain, preferred, , wrong] = login.steps;
      expect(plain!.evidence.tls).toBeUndefined();
      // The password in an option file, which also keeps every other option file out.
      expect(plain!.evidence.driverConfig?.options.slice(0, 2)).toEqual(['--defaults-file=(file)', '--protocol=TCP']);
      expect(plain!.evidence.driverConfig?.options).toContain('--skip-ssl');
      // 10.11 has TLS off by default, 11.8 makes its own certificate.
      expect(preferred!.evidence.tls?.protocol).toBe(server === 'mariadb@11.8' ? 'TLSv1.3' : undefined);
      expect(preferred!.evidence.driverConfig?.options).toEqual(expect.arrayContaining(['--ssl', '--skip-ssl-verify-server-cert']));
      expect(wrong!.outcome.error).toEqual({
        code: '1045',
        serverCode: 1045,
        sqlState: '28000',
        message: "ERROR 1045 (28000): Access denied for user 'app'@'localhost' (using password: YES)",
      });
      expect(cell(`${server}/required/login`).reason).toBe(
        'step "wrong-password": mariadb-cli cannot express tls.mode=require (it can: disable, prefer, verify-full): its --ssl without ' +
          '--ssl-verify-server-cert falls back to plain text when the server has no TLS (seen with the 10.11, 11.4 and 11.8 clients)',
      );
      const [verified, tls12] = cell(`${server}/mariadb-cli/verify`).steps;
      expect(verified!.evidence.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
      expect(tls12!.evidence.tls?.protocol).toBe('TLSv1.2');
      expect(tls12!.evidence.driverConfig?.options).toContain('--tls-version=TLSv1.0,TLSv1.1,TLSv1.2');
      expect(verified!.evidence.driverConfig?.options).toEqual(
        expect.arrayContaining(['--ssl', '--ssl-verify-server-cert', '--ssl-ca=(file)']),
      );
    }

    // MariaDB 11.8's client of Debian's build, against MySQL: it logs a caching_sha2_password account in without TLS.
    const of118 = cell('mysql@9.7/mariadb-cli@11.8/on-mysql');
    expect(of118.client.version).toMatch(versions['mariadb@11.8']);
    expect(of118.client.origin).toMatch(/^from MariaDB 11\.8\.\d+ \(Debian trixie mariadb-server-core/);
    expect(of118.steps.map((s) => s.evidence.tls?.protocol)).toEqual([undefined, undefined, 'TLSv1.3']);
    // No password in the report or the output.
    expect(JSON.stringify(report)).not.toMatch(/password=|MYSQL_PWD/);
    expect(run.all).not.toMatch(/password=|MYSQL_PWD/);
  });
});
