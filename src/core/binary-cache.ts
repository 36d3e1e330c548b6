import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeDirectory } from './make-dir.js';
import { readJsonFile } from './private-file.js';
import type { RunContext } from './context.js';
import { errorMessage } from './errors.js';

const completeMark = 'compatlab-complete.json';

interface CompleteMark {
  origin: string;
  at: string;
  /** Marks of earlier releases, which cached npm packages only, name the package instead. */
  spec?: string;
}

/** The origin recorded when `dir` was filled, or undefined while it is missing or half made. */
export async function cachedOrigin(dir: string): Promise<string | undefined> {
  const mark = (await readJsonFile(path.join(dir, completeMark))) as Partial<CompleteMark> | undefined;
  if (typeof mark?.origin === 'string') return mark.origin;
  return typeof mark?.spec === 'string' ? `npm ${mark.spec} (integrity checked)` : undefined;
}

/**
 * Fills `dir` once, for every run on this machine: `fill` writes into a directory of its own
 * (`.partial-<pid>-<uuid>`, so two runs, or two servers of one run, never share one), which is
 * renamed into place when complete. If another run got there first, its copy is kept.
 * Returns the origin `fill` reported, or the one recorded by whoever filled it.
 */
export function installOnce(dir: string, what: string, fill: (partial: string) => Promise<string>, ctx: RunContext): Promise<string> {
  // Servers of one run that need the same build wait for one download.
  let pending = installing.get(dir);
  if (!pending) {
    pending = install(dir, what, fill, ctx).finally(() => installing.delete(dir));
    installing.set(dir, pending);
  }
  return pending;
}

const installing = new Map<string, Promise<string>>();

async function install(dir: string, what: string, fill: (partial: string) => Promise<string>, ctx: RunContext): Promise<string> {
  const cached = await cachedOrigin(dir);
  if (cached) return cached;
  const partial = `${dir}.partial-${process.pid}-${randomUUID()}`;
  await makeDirectory(partial);
  const started = Date.now();
  try {
    ctx.logger.progress(`installing ${what} into ${dir}`);
    const origin = await fill(partial);
    // Written last: a directory with this file is complete. Not private: a server user reads the binaries.
    await writeFile(path.join(partial, completeMark), JSON.stringify({ origin, at: new Date().toISOString() } satisfies CompleteMark));
    await rename(partial, dir).catch(async (error: NodeJS.ErrnoException) => {
      if (!existsSync(path.join(dir, completeMark))) throw error;
      await rm(partial, { recursive: true, force: true });
    });
    ctx.logger.info(`installed ${what} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${origin}`);
    return (await cachedOrigin(dir)) ?? origin;
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}

/** The names of the complete installs in `dir` (not those half made). */
export async function completeInstalls(dir: string): Promise<string[]> {
  const entries = (await readdir(dir).catch(() => [] as string[])).filter((e) => !e.includes('.partial-'));
  const complete = await Promise.all(entries.map(async (e) => ((await cachedOrigin(path.join(dir, e))) ? e : undefined)));
  return complete.filter((e): e is string => e !== undefined);
}

/** What a registry publishes; when it cannot be reached, what is in the cache (said as a warning), so runs work offline. */
export async function publishedOrCached(list: () => Promise<string[]>, cached: string[], ctx: RunContext): Promise<string[]> {
  try {
    return [...(await list()), ...cached];
  } catch (error) {
    if (cached.length === 0 || ctx.signal.aborted) throw error;
    ctx.logger.warn(`${errorMessage(error)}; using the ${cached.length} cached`);
    return cached;
  }
}
