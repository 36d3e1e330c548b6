import { readFile, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { engines } from '../engines/index.js';
import { localDataDirPrefix } from '../runtimes/local/local-runtime.js';
import { partialOwner, readyRoot } from '../runtimes/local/ready-data-dirs.js';
import { defaultCacheDir } from '../runner/session.js';
import { processExists } from '../runtimes/process-exists.js';
import { clientScratchPrefix } from '../core/private-file.js';

const setUpGraceMs = 2 * 60_000;
/** Earlier versions named the directories of their PostgreSQL-only runtime `compatlab-pg-…`. */
const dirPrefixes = [localDataDirPrefix, 'compatlab-pg-', clientScratchPrefix];

export interface LocalLeftover {
  dir: string;
  /** The compatlab process that made the directory (from its name). */
  owner?: number;
  /** The server (postmaster, mysqld) still running on that data directory, if any. */
  postmaster?: number;
  /** Its engine's stop signal (a postmaster's fast shutdown is SIGINT, mysqld's SIGTERM). */
  stopSignal?: NodeJS.Signals;
  /** Its compatlab process still runs; for directories that do not name one, a server under node or a young directory. */
  inUse: boolean;
}

/**
 * Data directories of the local runtime in the temp directory, and whether a server still runs on each;
 * and the ready copies in the cache that a run was still making.
 */
export async function localLeftovers(tmpdir = os.tmpdir(), cacheDir = defaultCacheDir()): Promise<LocalLeftover[]> {
  const names = (await readdir(tmpdir)).filter((name) => dirPrefixes.some((prefix) => name.startsWith(prefix)));
  const dataDirs = await Promise.all(
    names.map(async (name) => {
      const dir = path.join(tmpdir, name);
      const owner = ownerOf(name);
      const { pid: postmaster, stopSignal } = (await runningServer(dir)) ?? {};
      const inUse =
        owner !== undefined ? await isNodeProcess(owner) : postmaster === undefined ? await isRecent(dir) : await parentIsNode(postmaster);
      return { dir, owner, postmaster, stopSignal, inUse };
    }),
  );
  return [...dataDirs, ...(await partialCopies(cacheDir))];
}

/** `<cache>/postgres/ready/<package>/.partial-<pid>-…`, by the process making it. */
async function partialCopies(cacheDir: string): Promise<LocalLeftover[]> {
  const root = readyRoot(cacheDir);
  const leftovers: LocalLeftover[] = [];
  for (const key of await readdir(root).catch(() => [] as string[])) {
    for (const name of await readdir(path.join(root, key)).catch(() => [] as string[])) {
      const owner = partialOwner(name);
      if (owner !== undefined) leftovers.push({ dir: path.join(root, key, name), owner, inUse: await isNodeProcess(owner) });
    }
  }
  return leftovers;
}

/** Stops the server (its engine's stop signal, then SIGKILL) and removes the directory. */
export async function removeLocalLeftover(leftover: LocalLeftover): Promise<void> {
  if (leftover.postmaster !== undefined) await stopProcess(leftover.postmaster, leftover.stopSignal ?? 'SIGINT');
  await rm(leftover.dir, { recursive: true, force: true });
}

/** The server of any engine whose pid file is in the data directory. */
async function runningServer(dir: string): Promise<{ pid: number; stopSignal: NodeJS.Signals } | undefined> {
  for (const local of Object.values(engines).flatMap((engine) => (engine.local ? [engine.local] : []))) {
    const pidFile = await readFile(path.join(dir, 'data', local.pidFile), 'utf8').catch(() => undefined);
    const pid = Number(pidFile?.split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    // The pid may have been reused since: only the engine's server process counts.
    const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (command.includes(local.processName)) return { pid, stopSignal: local.stopSignal };
  }
  return undefined;
}

function ownerOf(name: string): number | undefined {
  const pid = Number(/^compatlab-(?:server|pg|client)-(\d+)-/.exec(name)?.[1]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** The pid may have been reused since: only a node process counts as its owner. */
export async function isNodeProcess(pid: number): Promise<boolean> {
  if (!processExists(pid)) return false;
  const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => undefined);
  return comm === undefined || comm.trim().startsWith('node');
}

/** Directories named before owners were recorded: initdb runs before there is a postmaster: a young directory may belong to a server being set up. */
async function isRecent(dir: string): Promise<boolean> {
  const info = await stat(dir).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs < setUpGraceMs;
}

async function parentIsNode(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  return isNodeProcess(ppid);
}

async function stopProcess(pid: number, stopSignal: NodeJS.Signals): Promise<void> {
  const signal = (name: NodeJS.Signals | 0) => {
    try {
      process.kill(pid, name);
      return true;
    } catch {
      return false;
    }
  };
  if (!signal(stopSignal)) return;
  for (let waited = 0; waited < 5_000; waited += 100) {
    await sleep(100);
    if (!signal(0)) return;
  }
  signal('SIGKILL');
}
