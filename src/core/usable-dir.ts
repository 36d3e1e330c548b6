import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeDirectory } from './make-dir.js';
import { UsageError } from './errors.js';

/**
 * Makes `dir` if needed and proves a file can be written there, before any server starts.
 * `what` names the directory as the user gave it, e.g. `--report-dir out`.
 */
export async function assertUsableDir(dir: string, what: string): Promise<void> {
  try {
    await makeDirectory(dir);
  } catch (error) {
    throw new UsageError(`${what}: cannot create the directory: ${reason(error)}`);
  }
  const probe = path.join(dir, `.compatlab-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(probe, 'compatlab checks that it can write here\n');
  } catch (error) {
    throw new UsageError(`${what}: cannot write there: ${reason(error)}`);
  } finally {
    await rm(probe, { force: true });
  }
}

export function reason(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  switch (code) {
    case 'ENOTDIR':
      return message.includes('is a file') ? message : 'a part of the path is a file, not a directory';
    case 'EEXIST':
      return 'a file of that name exists';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'ENOENT':
      return 'the file system does not allow it there';
    default:
      return code ? `${code}: ${message}` : String(error);
  }
}
