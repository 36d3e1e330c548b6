import os from 'node:os';
import path from 'node:path';
import envPaths from 'env-paths';
import type { TlsMaterial } from '../core/tls-material.js';
import type { Logger, RunContext } from '../core/context.js';
import { scrubbingLogger } from '../core/secrets.js';
import { cachedTlsMaterial } from './tls-cache.js';

/** Root's cache must be readable by the unprivileged user that runs the servers. */
export function defaultCacheDir(): string {
  if (process.env.COMPATLAB_CACHE_DIR) return path.resolve(process.env.COMPATLAB_CACHE_DIR);
  if (process.getuid?.() === 0 && os.platform() !== 'win32') return '/var/cache/compatlab';
  return envPaths('compatlab', { suffix: '' }).cache;
}

export function createRunContext(logger: Logger, signal: AbortSignal, cacheDir = defaultCacheDir()): RunContext {
  let tls: Promise<TlsMaterial> | undefined;
  const secrets = new Set<string>();
  return {
    // Whatever a runtime, engine or client logs (a server's log lines, a driver's error) may hold a password.
    logger: scrubbingLogger(logger, secrets),
    cacheDir,
    signal,
    // @peculiar/x509 takes a while to import: only runs with a TLS server that find no cached material load it.
    tls: () => (tls ??= cachedTlsMaterial(cacheDir, () => import('../core/tls-material.js').then((m) => m.createTlsMaterial()))),
    secrets,
  };
}
