/**
 * compatlab killed by SIGKILL (or the OOM killer, or a CI job timeout) leaves no server behind: the docker
 * runtime's containers stop and remove themselves, the local runtime's server (postmaster, mysqld) stops and
 * its directory goes. The docker half needs the lab image (`npm run images -- postgres@15.9`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { dockerEngine } from './helpers/optional-tool.js';
import { processExists } from '../src/runtimes/process-exists.js';

const script = fileURLToPath(new URL('./fixtures/start-server.ts', import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const dockerTool = await dockerEngine();

/** Polls until `done` holds; a generous deadline, not a timing assertion. */
async function eventually(done: () => boolean, timeoutMs = 60_000): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(250)) if (done()) return true;
  return done();
}

function containerExists(id: string): boolean {
  const ps = spawnSync('docker', ['ps', '--all', '--quiet', '--no-trunc', '--filter', `id=${id}`], { encoding: 'utf8' });
  if (ps.status !== 0) throw new Error(`docker ps failed: ${ps.stderr}`);
  return ps.stdout.trim() !== '';
}

describe.each([
  ['local', 'postgres'],
  ['local', 'mysql'],
  ['docker', 'postgres'],
] as const)('compatlab killed with SIGKILL (%s runtime, %s)', (runtime, engine) => {
  it.skipIf(runtime === 'docker' && dockerTool.skip)('leaves no server running', async () => {
    const child = execa('node', ['--import', tsx, script, runtime, engine], { reject: false, all: true });
    const line = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.all.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const found = /^\{.*\}$/m.exec(output);
        if (found) resolve(found[0]);
      });
      void child.then((result) => reject(new Error(`the server script exited first:\n${String(result.all)}`)));
    });
    const started = JSON.parse(line) as { containerId?: string; postmaster: number; root: string };
    child.kill('SIGKILL');
    await child;
    if (runtime === 'docker') {
      expect(started.containerId).toMatch(/^[0-9a-f]{64}$/);
      expect(await eventually(() => !containerExists(started.containerId!)), `container ${started.containerId} still exists`).toBe(true);
    } else {
      expect(await eventually(() => !processExists(started.postmaster)), `server ${started.postmaster} still runs`).toBe(true);
      expect(await eventually(() => !existsSync(started.root)), `${started.root} still exists`).toBe(true);
    }
  });
});
