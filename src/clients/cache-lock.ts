import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { makeDirectory } from '../core/make-dir.js';
import { processExists } from '../runtimes/process-exists.js';

/**
 * Runs `work` while holding `file` (created exclusively, holding this pid), so two runs filling one
 * cache take turns. A lock whose process is gone is taken over: a killed run cannot block the next.
 */
export async function withCacheLock<T>(file: string, signal: AbortSignal, onWait: () => void, work: () => Promise<T>): Promise<T> {
  await makeDirectory(path.dirname(file));
  for (let waited = false; ;) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(file, 'utf8').catch(() => ''));
      // An empty file is a lock being written this instant; only a holder that is gone is taken over.
      if (holder > 0 && !processExists(holder)) {
        await rm(file, { force: true });
        continue;
      }
      if (!waited) onWait();
      waited = true;
      signal.throwIfAborted();
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    await rm(file, { force: true });
  }
}
