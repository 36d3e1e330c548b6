import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunContext } from '../core/context.js';
import { InfraError, SkipError } from '../core/errors.js';

/** Written last into a finished install; a directory without it is not used. */
export const completeMarker = 'compatlab-complete.json';

/** One directory per package and resolved version: `<cache>/clients/pg/8.7.3/node_modules/pg`. */
export function driverCacheDir(cacheDir: string, packageName: string, version: string): string {
  return path.join(cacheDir, 'clients', packageName.replace('/', '__'), version);
}

/**
 * Installs `name@version` with its dependencies into `dir`. npm checks every tarball against the
 * registry's integrity hash. The install goes to a temporary directory that is renamed into place,
 * so two runs filling the cache at once both end with one complete copy.
 */
export async function installDriver(name: string, version: string, dir: string, ctx: RunContext): Promise<void> {
  if (existsSync(path.join(dir, completeMarker))) return;
  const spec = `${name}@${version}`;
  const partial = `${dir}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(partial, { recursive: true });
  try {
    await writeFile(path.join(partial, 'package.json'), JSON.stringify({ private: true, description: `compatlab cache: ${spec}` }));
    ctx.logger.progress(`installing ${spec} from the npm registry`);
    const started = performance.now();
    const { execa } = await import('execa');
    await execa('npm', [...npmInstallArgs(partial, ctx.cacheDir), spec], { env: npmEnv(), extendEnv: false, cancelSignal: ctx.signal });
    await writeFile(path.join(partial, completeMarker), JSON.stringify({ spec, at: new Date().toISOString() }));
    await rename(partial, dir).catch((error: NodeJS.ErrnoException) => {
      // Another run finished the same install first; keep theirs.
      if (!existsSync(path.join(dir, completeMarker))) throw error;
    });
    ctx.logger.info(`installed ${spec} in ${((performance.now() - started) / 1000).toFixed(1)} s (integrity checked by npm)`);
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    const { code, stderr } = error as { code?: string; stderr?: string };
    if (code === 'ENOENT') throw new SkipError(`installing ${spec} needs npm on the PATH`, { cause: error, machineLacks: true });
    const reason = stderr?.split('\n').find((line) => line.includes('ERR!')) ?? (error as Error).message;
    throw new InfraError(`could not install ${spec} from the npm registry: ${reason}`, { cause: error });
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
}

/** No lifecycle scripts: a driver must not run code at install time; no lock file, audit or funding noise. */
export function npmInstallArgs(prefix: string, cacheDir: string): string[] {
  return [
    'install',
    '--prefix',
    prefix,
    '--no-save',
    '--no-package-lock',
    '--ignore-scripts',
    '--omit=dev',
    '--no-audit',
    '--no-fund',
    '--cache',
    path.join(cacheDir, 'npm'),
  ];
}

/** Under `npm run`/`npx`, npm_config_* variables point at the project; this install must not. */
function npmEnv(): NodeJS.ProcessEnv {
  const project = /^npm_(package_|lifecycle_|config_(local_prefix|prefix|global|save|package_lock|workspace))/;
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !project.test(key)));
}
