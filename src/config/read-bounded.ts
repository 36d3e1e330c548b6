import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** Scenario and matrix files are a few kilobytes; a megabyte leaves room and bounds memory and time. */
export const maxFileBytes = 1024 * 1024;

export type BoundedRead = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Reads a regular file of at most `limit` bytes. Opened non-blocking and checked with fstat first,
 * so a FIFO, a device such as /dev/zero or a directory is refused at once instead of hanging or filling memory.
 */
export async function readBounded(file: string, limit = maxFileBytes): Promise<BoundedRead> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, reason: 'file not found' };
    if (code === 'EACCES') return { ok: false, reason: 'cannot read the file: permission denied' };
    if (code === 'EISDIR') return { ok: false, reason: 'is a directory, not a file' };
    return { ok: false, reason: `cannot open the file (${code ?? String(error)})` };
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) return { ok: false, reason: 'is a directory, not a file' };
    if (!info.isFile()) return { ok: false, reason: 'is not a regular file (a pipe, socket or device); give a YAML file' };
    if (info.size > limit) return { ok: false, reason: `is ${info.size} bytes; a scenario or matrix file may have at most ${limit}` };
    // The file may grow between fstat and read: never read more than the limit.
    const buffer = Buffer.alloc(limit + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > limit) return { ok: false, reason: `is larger than ${limit} bytes, the limit for a scenario or matrix file` };
    }
    const bytes = buffer.subarray(0, length);
    if (bytes.includes(0)) return { ok: false, reason: 'holds NUL bytes: not a YAML text file' };
    return { ok: true, text: bytes.toString('utf8') };
  } finally {
    await handle.close();
  }
}
