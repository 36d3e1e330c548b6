import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { makeDirectory } from '../../core/make-dir.js';
import { InfraError, errorMessage } from '../../core/errors.js';
import type { ServerBinaries } from '../../core/server-binaries.js';
import { chownAll, type Owner } from './server-user.js';

/** One template per build, told apart by where its programs are unpacked (`bin`). */
export function templateKey(bin: string): string {
  return createHash('sha1').update(bin).digest('hex').slice(0, 16);
}

/**
 * initdb takes a second; copying a data directory made once per version takes a fraction of it.
 * The template trusts local socket connections only; the admin password is set after start.
 */
export async function ensureTemplate(binaries: ServerBinaries, cacheDir: string, owner: Owner | undefined): Promise<string> {
  const template = path.join(cacheDir, 'postgres', 'templates', templateKey(binaries.bin));
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
