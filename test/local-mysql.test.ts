/**
 * MySQL without Docker: official 8.0 builds from the engine's binary sources, a data directory made once
 * (`mysqld --initialize-insecure`) and copied, loopback only, restart on the same port, nothing left behind;
 * and a matrix of MySQL cells on the local runtime through the CLI. MySQL 9.7 from Debian sid's build,
 * run on sid's own C library, with its own `mysql` client.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../src/core/context.js';
import type { RunningServer } from '../src/core/server.js';
import { createRunContext } from '../src/runner/session.js';
import { LocalRuntime, localDataDirPrefix } from '../src/runtimes/local/local-runtime.js';
import { serverSpec } from './helpers/server-spec.js';
import { workspace } from './helpers/workspace.js';

const version = '8.0.31';

async function serverVersion(server: RunningServer): Promise<string> {
  const connection = await mysql.createConnection({ host: server.host, port: server.port, user: 'root', password: server.admin.password });
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT @@version AS v, @@bind_address AS b, @@mysqlx AS x');
    return `${rows[0]!.v} on ${rows[0]!.b}, mysqlx ${rows[0]!.x}`;
  } catch {
    // 8.0 builds without the X plugin do not know @@mysqlx.
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT @@version AS v, @@bind_address AS b');
    return `${rows[0]!.v} on ${rows[0]!.b}`;
  } finally {
    await connection.end();
  }
}

/** This process's server directories (other test files may start servers meanwhile). */
async function dataDirs(): Promise<string[]> {
  return (await readdir(os.tmpdir())).filter((name) => name.startsWith(`${localDataDirPrefix}${process.pid}-`));
}

describe('mysql on the local runtime', () => {
  it('starts a real mysqld on loopback, restarts it on the same port, and leaves nothing behind', async () => {
    const before = await dataDirs();
    const ctx = createRunContext(silentLogger, new AbortController().signal);
    await using runtime = new LocalRuntime();
    const server = await runtime.start(serverSpec('mysql', version), ctx);
    const mine = (await dataDirs()).filter((d) => !before.includes(d));
    expect(mine).toHaveLength(1);
    try {
      expect(await serverVersion(server)).toMatch(new RegExp(`^${version.replaceAll('.', '\\.')} on 127\\.0\\.0\\.1`));
      expect(server.origin).toMatchObject({ runtime: 'local', binary: expect.stringMatching(/\/mysqld$/) as string });
      const port = server.port;
      await server.restart();
      expect(server.port).toBe(port);
      expect(await serverVersion(server)).toMatch(new RegExp(`^${version.replaceAll('.', '\\.')} `));
    } finally {
      await server[Symbol.asyncDispose]();
    }
    expect(existsSync(path.join(os.tmpdir(), mine[0]!))).toBe(false);
    await expect(serverVersion(server)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('runs a matrix of MySQL cells on the local runtime', async () => {
    await using ws = await workspace({
      'scenarios/s.yaml': [
        'id: s',
        'title: s',
        'engine: mysql',
        'steps:',
        '  - create-user: { name: alice, plugin: caching_sha2_password }',
        '  - connect: first',
        '    user: alice',
        '    sql: SELECT CURRENT_USER()',
        "    rows: [['alice@%']]",
        '  - restart:',
        '  - connect: after-restart',
        '    user: alice',
        '',
      ].join('\n'),
      'matrix/m.yaml': [
        'title: m',
        `servers: [mysql@${version}]`,
        'clients:',
        '  - { driver: mysql2, name: plain, settings: { tls: { mode: disable }, serverPublicKey: fetch } }',
        '  - { driver: mysql2, name: tls, settings: { tls: { mode: require } } }',
        '  - { driver: mariadb, name: mariadb-tls, settings: { tls: { mode: require } } }',
        'scenarios: [s]',
        '',
      ].join('\n'),
    });
    const run = await ws.cli(['run', '--runtime', 'local', '--report-dir', 'out']);
    expect(run.all).toContain('3 cells: 3 pass');
    expect(run.exitCode, run.all).toBe(0);
  });
});

describe('mysql 9.7 on the local runtime, from Debian sid', () => {
  it('runs as a process named mysqld, on loopback', async () => {
    const ctx = createRunContext(silentLogger, new AbortController().signal);
    await using runtime = new LocalRuntime();
    await using server = await runtime.start(serverSpec('mysql', '9.7'), ctx);
    expect(await serverVersion(server)).toMatch(/^9\.7\.\d+-\S+ on 127\.0\.0\.1/);
    expect(server.origin.package).toMatch(/^Debian sid mysql-server-core and mysql-client-core 9\.7\.\d+-\S+ .*checked by apt/);
    const connection = await mysql.createConnection({
      host: server.host,
      port: server.port,
      user: 'root',
      password: server.admin.password,
    });
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT @@pid_file AS f, @@secure_file_priv AS files');
    // Debian's build limits file export to a directory the server owns: each server has its own.
    await connection.query(`SELECT 'exported' INTO OUTFILE '${String(rows[0]!.files)}out.txt'`);
    await connection.end();
    const pid = (await readFile(String(rows[0]!.f), 'utf8')).trim();
    // Through sid's loader, copied under the program's name: `ps`, `pkill mysqld` and `compatlab clean` see a mysqld.
    expect((await readFile(`/proc/${pid}/comm`, 'utf8')).trim()).toBe('mysqld');
  });

  it('runs the mysql client of a MySQL build asked by version, with its client plugins, against another server; a build without one skips', async () => {
    await using ws = await workspace({
      'scenarios/s.yaml': [
        'id: s',
        'title: s',
        'engine: mysql',
        'steps:',
        '  - create-user: { name: legacy, plugin: mysql_native_password }',
        '  - connect: login',
        '    user: legacy',
        '',
      ].join('\n'),
      'matrix/m.yaml': [
        'title: m',
        `servers: [mysql@${version}]`,
        "clients: ['mysql-cli@9.7', 'mysql-cli@8.0.31']",
        'scenarios: [s]',
        '',
      ].join('\n'),
    });
    const run = await ws.cli(['run', '--runtime', 'local', '--report-dir', 'out']);
    const report = JSON.parse(await readFile(path.join(ws.dir, 'out', 'report.json'), 'utf8')) as {
      cells: { status: string; reason?: string; client: { version?: string; origin?: string } }[];
    };
    // 9.x's client loads mysql_native_password as a plugin, from the build it came with.
    expect(report.cells[0], run.all).toMatchObject({
      status: 'pass',
      client: { version: expect.stringMatching(/^mysql\s+Ver 9\.7\./) as string },
    });
    expect(report.cells[0]!.client.origin).toMatch(/^from MySQL 9\.7\.\d+ \(Debian sid/);
    expect(report.cells[1]).toMatchObject({ status: 'skipped', reason: expect.stringContaining('has no mysql client') as string });
  });

  it("runs the mysql client of the server's build: a new caching_sha2_password account needs TLS or the RSA key", async () => {
    await using ws = await workspace({
      'scenarios/s.yaml': [
        'id: s',
        'title: s',
        'engine: mysql',
        'steps:',
        '  - create-user: { name: alice, plugin: caching_sha2_password }',
        '  - connect: new-user',
        '    user: alice',
        '',
      ].join('\n'),
      'matrix/m.yaml': [
        'title: m',
        'servers: [mysql@9.7]',
        'clients:',
        '  - { driver: mysql-cli, name: no-key, settings: { tls: { mode: disable }, serverPublicKey: none } }',
        '  - { driver: mysql-cli, name: get-key, settings: { tls: { mode: disable }, serverPublicKey: fetch } }',
        'scenarios: [s]',
        '',
      ].join('\n'),
    });
    const run = await ws.cli(['run', '--runtime', 'local', '--report-dir', 'out']);
    expect(run.all).toContain('2 cells: 1 pass, 0 known-fail, 1 fail');
    const report = JSON.parse(await readFile(path.join(ws.dir, 'out', 'report.json'), 'utf8')) as {
      cells: { client: { label: string; version?: string }; steps: { outcome: { error?: { code?: string; message: string } } }[] }[];
    };
    const noKey = report.cells.find((c) => c.client.label === 'no-key')!;
    expect(noKey.client.version).toMatch(/^mysql\s+Ver 9\.7\.\d+-\S+ /);
    expect(noKey.steps.at(-1)!.outcome.error).toMatchObject({
      code: '2061',
      message: expect.stringContaining('Authentication requires secure connection') as string,
    });
  });
});
