import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeDirectory } from '../../core/make-dir.js';
import { InfraError, errorMessage } from '../../core/errors.js';
import type { Engine, LocalConventions } from '../../core/engine.js';
import type { ServerBinaries } from '../../core/server-binaries.js';
import { chownAll, type Owner } from './server-user.js';

/** Marks a template as complete: initialisation ran to its end. */
const completeMark = '.compatlab-template';

/** `postgres-14.13-1a2b3c4d`: one template per engine and build (two sources of one version never share one). */
export function templateKey(engine: Engine, binaries: ServerBinaries): string {
  const build = createHash('sha256').update(binaries.root).digest('hex').slice(0, 8);
  return `${engine.name}-${binaries.version}-${build}`;
}

export function templatesRoot(cacheDir: string): string {
  return path.join(cacheDir, 'local', 'templates');
}

/**
 * Initialising a data directory takes a second or more; copying one made once per build takes a fraction
 * of it. The template lets the admin in over the socket only; the admin password is set after start.
 */
export async function ensureTemplate(
  engine: Engine & { local: LocalConventions },
  binaries: ServerBinaries,
  cacheDir: string,
  owner: Owner | undefined,
  signal: AbortSignal,
): Promise<string> {
  const template = path.join(templatesRoot(cacheDir), templateKey(engine, binaries));
  if (existsSync(path.join(template, completeMark))) return template;
  // Unique per call: parallel servers of one run may make the same template at once.
  const partial = `${template}.partial-${process.pid}-${randomUUID()}`;
  await rm(partial, { recursive: true, force: true });
  await makeDirectory(path.dirname(partial));
  await mkdir(partial, { mode: 0o700 });
  await chownAll(partial, owner);
  try {
    await engine.local.initialise(binaries, partial, owner, signal);
    await writeFile(path.join(partial, completeMark), binaries.origin);
    await rename(partial, template).catch(() => rm(partial, { recursive: true, force: true }));
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    if (signal.aborted) throw error;
    throw new InfraError(`initialising a ${engine.name} ${binaries.version} data directory failed: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  return template;
}
