import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunContext } from '../core/context.js';

/** Written last into a finished directory, with what was made; a directory without it is not used. */
const marker = 'compatlab-complete.json';

/**
 * A directory made once and kept in the cache (a virtual environment, a built probe), reused offline.
 * It is filled under `<dir>.partial-<pid>-<random>` and renamed into place, so two runs filling it at
 * once both end with one complete copy. Filling an empty cache shows progress and how long it took.
 */
export function cachedDir<R>(
  dir: string,
  ctx: RunContext,
  what: string,
  fill: (partial: string) => Promise<R>,
): Promise<{ record: R; made: boolean }> {
  // Cells of one run that need the same directory wait for one filling.
  let filling = inProcess.get(dir) as Promise<{ record: R; made: boolean }> | undefined;
  if (!filling) {
    filling = fillOnce(dir, ctx, what, fill).finally(() => inProcess.delete(dir));
    inProcess.set(dir, filling);
  }
  return filling;
}

const inProcess = new Map<string, Promise<unknown>>();

async function fillOnce<R>(
  dir: string,
  ctx: RunContext,
  what: string,
  fill: (partial: string) => Promise<R>,
): Promise<{ record: R; made: boolean }> {
  const existing = await readRecord<R>(dir);
  if (existing !== undefined) return { record: existing, made: false };
  const partial = `${dir}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(partial, { recursive: true });
  try {
    ctx.logger.progress(`${what}…`);
    const started = performance.now();
    const record = await fill(partial);
    await writeFile(path.join(partial, marker), JSON.stringify(record, null, 2));
    await rename(partial, dir).catch(async (error: unknown) => {
      // Another run finished the same directory first; keep theirs.
      if ((await readRecord(dir)) === undefined) throw error;
    });
    ctx.logger.info(`${what}: done in ${((performance.now() - started) / 1000).toFixed(1)} s (${dir})`);
    return { record: (await readRecord<R>(dir)) ?? record, made: true };
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
}

async function readRecord<R>(dir: string): Promise<R | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, marker), 'utf8')) as R;
  } catch {
    return undefined;
  }
}
