import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { guarded } from './orphan-guard.js';

// Stands in for the postmaster: SIGINT is its fast shutdown (a background child must handle it itself).
const server = ['node', '-e', `process.on('SIGINT', () => process.exit(0)); console.log('up'); setInterval(() => {}, 1e6);`];

async function start() {
  const root = await mkdtemp(path.join(os.tmpdir(), 'compatlab-guard-test-'));
  const [sh, argv] = guarded(root, 'SIGINT', server);
  const child = execa(sh, argv, { stdin: 'pipe', reject: false });
  await new Promise((resolve) => child.stdout.once('data', resolve));
  return { root, child };
}

describe('the postmaster guard', () => {
  it('stops the server and removes its directory when its stdin ends (compatlab is gone)', async () => {
    const { root, child } = await start();
    child.stdin.end();
    expect((await child).exitCode).toBe(0);
    expect(existsSync(root)).toBe(false);
  });

  it('passes a stop signal on and keeps the directory (a restart reuses it)', async () => {
    const { root, child } = await start();
    child.kill('SIGINT');
    expect((await child).exitCode).toBe(0);
    expect(existsSync(root)).toBe(true);
    await rm(root, { recursive: true });
  });

  it('never exits before the server it started, however early the stop signal comes', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'compatlab-guard-test-'));
    try {
      for (let attempt = 0; attempt < 30; attempt++) {
        const pidFile = path.join(root, `pid-${attempt}`);
        // A background job ignores SIGINT until it sets a handler: this one never does, and ends by itself.
        const [sh, argv] = guarded(root, 'SIGINT', ['sh', '-c', `echo $$ > ${pidFile}; exec sleep 0.15`]);
        const child = execa(sh, argv, { stdin: 'pipe', reject: false });
        const exited = new Promise((resolve) => child.once('exit', resolve));
        await new Promise((resolve) => setTimeout(resolve, attempt % 3));
        child.kill('SIGINT');
        await exited;
        const pid = existsSync(pidFile) ? Number(await readFile(pidFile, 'utf8')) : undefined;
        expect(pid !== undefined && isAlive(pid), `attempt ${attempt}: the server outlived its guard`).toBe(false);
        await child;
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
