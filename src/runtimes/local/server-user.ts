import { chown, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ProcessOwner } from '../../core/engine.js';
import { InfraError } from '../../core/errors.js';

export type Owner = ProcessOwner;

/** PostgreSQL and MySQL refuse to run as root; as root we hand the server to `nobody`. */
export async function serverUser(engine: string): Promise<Owner | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = await readFile('/etc/passwd', 'utf8');
  const entry = passwd
    .split('\n')
    .find((line) => line.startsWith('nobody:'))
    ?.split(':');
  if (!entry) throw new InfraError(`running as root, but there is no "nobody" user to run ${engine} as`);
  return { uid: Number(entry[2]), gid: Number(entry[3]) };
}

/** The server user must be able to walk down to the binaries; a private cache dir would stop it. */
export async function assertReachable(dir: string, owner: Owner, engine: string): Promise<void> {
  for (let current = dir; current !== path.dirname(current); current = path.dirname(current)) {
    const { mode, uid } = await stat(current);
    if (uid !== owner.uid && (mode & 0o001) === 0) {
      throw new InfraError(
        `${engine} runs as nobody (uid ${owner.uid}), who cannot enter ${current}; set COMPATLAB_CACHE_DIR to a directory others can read`,
      );
    }
  }
}

export async function chownAll(dir: string, owner: Owner | undefined): Promise<void> {
  if (owner) await chown(dir, owner.uid, owner.gid);
}
