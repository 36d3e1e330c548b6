import { readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { InfraError } from './errors.js';

/** The names of the entries in a jar (a zip). Uses `unzip`, which compatlab needs for jars. */
export async function jarEntries(jar: string): Promise<string[]> {
  const { execa } = await import('execa');
  return (await execa('unzip', ['-Z1', jar])).stdout.split('\n');
}

/** Unpacks the tarball a jar carries (`postgres-linux-x86_64.txz`, `mysql-Linux-amd64.tar.gz`) into `dir`. */
export async function unpackTarballInJar(jar: string, entry: string, dir: string, signal: AbortSignal): Promise<void> {
  const entries = await jarEntries(jar);
  if (!entries.includes(entry))
    throw new InfraError(`${path.basename(jar)} holds no ${entry} (it has ${entries.filter((e) => !e.endsWith('/')).join(', ')})`);
  const flag = /\.(txz|tar\.xz)$/.test(entry) ? '-xJ' : '-xz';
  const { execa } = await import('execa');
  await execa('sh', ['-c', `unzip -p "$1" "$2" | tar ${flag} -C "$3"`, 'sh', jar, entry, dir], { cancelSignal: signal });
}

/**
 * Unpacks the files under `folder/` of a jar into `dir` (jars keep no file modes: executables are
 * made executable again by the caller).
 */
export async function unpackJarFolder(jar: string, folder: string, dir: string, signal: AbortSignal): Promise<void> {
  const scratch = path.join(dir, '.jar');
  const { execa } = await import('execa');
  await execa('unzip', ['-q', jar, `${folder}/*`, '-d', scratch], { cancelSignal: signal });
  const top = path.join(scratch, folder);
  for (const name of await readdir(top)) await rename(path.join(top, name), path.join(dir, name));
  await rm(scratch, { recursive: true, force: true });
}
