import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeDirectory } from './make-dir.js';

/**
 * Writes `value` as JSON to `file`, readable by this user only (0600, in a 0700 directory), in one
 * rename: a reader, in this process or another, sees the old file or the new one, never half of one.
 */
export async function writePrivateJson(file: string, value: unknown): Promise<void> {
  const dir = path.dirname(file);
  await makeDirectory(dir);
  await chmod(dir, 0o700);
  const partial = `${file}.${randomBytes(6).toString('hex')}`;
  try {
    await writeFile(partial, JSON.stringify(value), { mode: 0o600 });
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/** The JSON in `file`; undefined when there is no such file or it holds no JSON. */
export async function readJsonFile(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Prefix of the temporary directories clients keep passwords and keys in, named after this process for `compatlab clean`. */
export const clientScratchPrefix = 'compatlab-client-';

/** A new private (0700) temporary directory for a client's files, which `compatlab clean` removes once this process is gone. */
export function clientScratchDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `${clientScratchPrefix}${process.pid}-`));
}
