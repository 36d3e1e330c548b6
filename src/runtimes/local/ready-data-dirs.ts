import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import type { Logger } from '../../core/context.js';
import { errorMessage } from '../../core/errors.js';
import { makeDirectory } from '../../core/make-dir.js';
import { processExists } from '../process-exists.js';

/** Ready copies kept per template (about 40 MB each): enough for the servers of one version a run starts at once. */
export const sparesPerTemplate = 2;

const partialPrefix = '.partial-';

export function readyRoot(cacheDir: string): string {
  return path.join(cacheDir, 'local', 'ready');
}

/** `<cache>/local/ready/<template key>/`: one directory per build, so versions never mix. */
export function readyDir(cacheDir: string, key: string): string {
  return path.join(readyRoot(cacheDir), key);
}

/** `.partial-<pid>-<uuid>`: a copy that compatlab process `pid` is still making (or removing); never claimed. */
export function partialName(pid = process.pid): string {
  return `${partialPrefix}${pid}-${randomUUID()}`;
}

export function partialOwner(name: string): number | undefined {
  const pid = Number(/^\.partial-(\d+)-/.exec(name)?.[1]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export interface Spares {
  /** Complete copies, ready to be claimed. */
  ready: string[];
  /** Partial copies whose process is gone. */
  stale: string[];
  /** How many more copies to make, counting those other live processes are making. */
  missing: number;
}

export function countSpares(names: string[], alive: (pid: number) => boolean, bound = sparesPerTemplate): Spares {
  const ready = names.filter((name) => !name.startsWith('.'));
  const partials = names.filter((name) => name.startsWith(partialPrefix));
  const stale = partials.filter((name) => !alive(partialOwner(name) ?? 0));
  return { ready, stale, missing: Math.max(0, bound - ready.length - (partials.length - stale.length)) };
}

/**
 * Spare copies of each template data directory, made ahead so a server's data directory is one rename away.
 * A claim is one atomic rename, so two runs never get the same copy; a copy is made under a `.partial-` name
 * and renamed into place when complete, in the background after a claim. Dispose waits until the spares are
 * topped up; an aborted run cancels the copies and removes what they made.
 */
export class ReadyDataDirs implements AsyncDisposable {
  /** Per ready directory: its fill passes, one after another. */
  readonly #fills = new Map<string, Promise<void>>();
  readonly #partials = new Set<string>();
  #closing = false;
  #crossDevice = false;
  // A second Ctrl-C exits at once: take the partial copies along; `compatlab clean` removes what a SIGKILL leaves.
  readonly #sweep = () => {
    for (const partial of this.#partials) rmSync(partial, { recursive: true, force: true });
  };

  /** Moves a ready copy to `target` (which must not exist); false when none is ready or the cache is on another filesystem. */
  async claim(cacheDir: string, key: string, target: string): Promise<boolean> {
    // A rename cannot cross filesystems (a tmpfs /tmp, say): then copies made ahead would never be used.
    const [targetDevice, cacheDevice] = await Promise.all([stat(path.dirname(target)), stat(cacheDir)]).then(([a, b]) => [a.dev, b.dev]);
    if (targetDevice !== cacheDevice) this.#crossDevice = true;
    if (this.#crossDevice) return false;
    const dir = readyDir(cacheDir, key);
    const { ready } = countSpares(await readdir(dir).catch(() => []), () => true);
    for (const name of ready) {
      try {
        await rename(path.join(dir, name), target);
        return true;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') continue; // another server or run took it first
        if (code !== 'EXDEV') throw error;
        this.#crossDevice = true;
        return false;
      }
    }
    return false;
  }

  /** Tops the template's spares up in the background, after any pass under way. */
  refill(cacheDir: string, key: string, template: string, signal: AbortSignal, logger: Logger): void {
    if (this.#closing || this.#crossDevice) return;
    const dir = readyDir(cacheDir, key);
    const fill = (this.#fills.get(dir) ?? Promise.resolve())
      .then(() => this.#fill(template, dir, signal))
      .catch((error: unknown) => {
        if (!signal.aborted) logger.warn(`could not make a ready copy of ${template} in ${dir}: ${errorMessage(error)}`);
      });
    this.#fills.set(dir, fill);
    void fill.finally(() => {
      if (this.#fills.get(dir) === fill) this.#fills.delete(dir);
    });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#closing = true;
    await Promise.all(this.#fills.values());
  }

  async #fill(template: string, dir: string, signal: AbortSignal): Promise<void> {
    await makeDirectory(dir);
    while (!signal.aborted) {
      const { stale, missing } = countSpares(await readdir(dir), processExists);
      for (const name of stale) await rm(path.join(dir, name), { recursive: true, force: true });
      if (missing === 0) return;
      await this.#copy(template, dir, signal);
    }
  }

  async #copy(template: string, dir: string, signal: AbortSignal): Promise<void> {
    const partial = this.#track(path.join(dir, partialName()));
    try {
      // cp -a keeps the template's owner and modes, which postgres insists on; at low priority, so the run's
      // servers and clients come first.
      const copy = execa('cp', ['-a', template, partial], { cancelSignal: signal });
      lowerPriority(copy.pid);
      await copy;
      const spare = path.join(dir, randomUUID());
      await rename(partial, spare);
      // Two runs topping up at once may overshoot; whoever sees too many removes its own copy.
      if (countSpares(await readdir(dir), processExists).ready.length > sparesPerTemplate) {
        await rename(spare, partial).catch(() => {}); // gone already: claimed meanwhile
      }
    } finally {
      await rm(partial, { recursive: true, force: true });
      this.#untrack(partial);
    }
  }

  #track(partial: string): string {
    if (this.#partials.size === 0) process.on('exit', this.#sweep);
    this.#partials.add(partial);
    return partial;
  }

  #untrack(partial: string): void {
    this.#partials.delete(partial);
    if (this.#partials.size === 0) process.off('exit', this.#sweep);
  }
}

function lowerPriority(pid: number | undefined): void {
  try {
    if (pid !== undefined) os.setPriority(pid, os.constants.priority.PRIORITY_LOW);
  } catch {
    // It may have finished already.
  }
}
