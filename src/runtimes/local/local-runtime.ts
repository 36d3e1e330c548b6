import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import getPort from 'get-port';
import { execa } from 'execa';
import pg from 'pg';
import { postgresEngine } from '../../engines/postgres.js';
import type { ServerTlsFiles } from '../../core/engine.js';
import { SkipError } from '../../core/errors.js';
import type { ServerSpec } from '../../core/specs.js';
import type { RunContext } from '../../core/context.js';
import type { Runtime, RunningServer } from '../runtime.js';
import { ServerLog } from '../../core/server-log.js';
import { PostgresProcess } from './postgres-process.js';
import { postgresBinaries } from '../../engines/postgres/binary-sources.js';
import { requireBinaries } from '../../core/server-binaries.js';
import { ensureTemplate, templateKey } from './data-dir-template.js';
import { ReadyDataDirs } from './ready-data-dirs.js';
import { assertReachable, chownAll, serverUser, type Owner } from './server-user.js';

/**
 * Data directories of this runtime are named `compatlab-pg-<pid>-…` after the compatlab process that owns
 * them, so `compatlab clean` can find leftovers and tell a live run's from a dead one's.
 */
export const localDataDirPrefix = 'compatlab-pg-';

/** Runs PostgreSQL from real binaries (npm registry or Maven Central): no Docker needed. */
export class LocalRuntime implements Runtime {
  readonly name = 'local';
  readonly #ready = new ReadyDataDirs();

  async start(spec: ServerSpec, ctx: RunContext): Promise<RunningServer> {
    if (spec.engine !== 'postgres') {
      throw new SkipError(`${spec.engine} needs the docker runtime; the local runtime only runs postgres`);
    }
    // Key generation (made once per run) runs in the thread pool meanwhile; awaited where the files are written.
    if (spec.tls.enabled) ctx.tls().catch(() => {});
    const binaries = await requireBinaries(postgresBinaries, 'postgres', spec.version, ctx);
    const owner = await serverUser();
    if (owner) await assertReachable(binaries.bin, owner);
    const root = await mkdtemp(path.join(os.tmpdir(), `${localDataDirPrefix}${process.pid}-`));
    try {
      const admin = { user: 'postgres', password: randomBytes(12).toString('hex'), database: 'postgres' };
      ctx.secrets.add(admin.password);
      await chownAll(root, owner);
      const dataDir = path.join(root, 'data');
      const template = await ensureTemplate(binaries, ctx.cacheDir, owner);
      const key = templateKey(binaries.bin);
      // A ready copy is one rename away; without one, copy the template now (cp -a keeps its owner and modes).
      if (!(await this.#ready.claim(ctx.cacheDir, key, dataDir))) await execa('cp', ['-a', template, dataDir]);
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
      const server = new PostgresProcess(path.join(binaries.bin, 'postgres'), args, root, owner, log, ctx.signal);
      const running: RunningServer = {
        spec,
        host: '127.0.0.1',
        port,
        admin,
        origin: { runtime: 'local', package: binaries.origin, binary: path.join(binaries.bin, 'postgres') },
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
        await server.stop();
        throw error;
      } finally {
        // Off the critical path: the copy for a later start is made while this server serves its cells.
        this.#ready.refill(ctx.cacheDir, key, template, ctx.signal, ctx.logger);
      }
      return running;
    } catch (error) {
      await rm(root, { recursive: true, force: true });
      throw error;
    }
  }

  /** Waits for the ready copies under way (an aborted run has cancelled them). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.#ready[Symbol.asyncDispose]();
  }
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
