import { randomBytes } from 'node:crypto';
import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises';
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
