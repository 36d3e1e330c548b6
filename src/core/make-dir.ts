import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * `mkdir -p` one level at a time. Node 20's `mkdir(…, { recursive: true })` spins forever under /proc,
 * where mkdir answers ENOENT for a parent that exists.
 */
export async function makeDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const info = await stat(current).catch((error: NodeJS.ErrnoException) => {
      if ((error.code !== 'ENOENT' && error.code !== 'ENOTDIR') || path.dirname(current) === current) throw error;
      return undefined;
    });
    if (info?.isDirectory()) break;
    if (info) throw Object.assign(new Error(`${current} is a file, not a directory`), { code: 'ENOTDIR', path: current });
    missing.push(current);
  }
  for (const dir of missing.reverse()) {
    await mkdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
}
