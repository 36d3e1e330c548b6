/** SIGKILL of compatlab leaves its server running; `compatlab clean` removes it and its directory at once, by owner. */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { processExists } from '../src/runtimes/process-exists.js';
import { printed, workspace } from './helpers/workspace.js';

const files = {
  'scenarios/slow.yaml': `id: slow\ntitle: a cell that takes a while\nengine: postgres\nsteps:\n  - sql: SELECT pg_sleep(10)\n`,
  'matrix/m.yaml': `title: slow\nservers: [postgres@15.9]\nclients: [pg]\nscenarios: [slow]\n`,
};

describe('compatlab clean', () => {
  it('removes the server and data directory of a killed run at once', async () => {
    await using ws = await workspace(files);
    const run = ws.cli(['run', '--runtime', 'local', '--report-dir', 'out']);
    await printed(run, /ready in/);
    run.kill('SIGKILL');
    await run;
    const result = await ws.cli(['clean']);
    expect(result.exitCode, result.all).toBe(0);
    const removed = new RegExp(
      `removed (\\S+compatlab-pg-${run.pid}-\\S+) after stopping postgres \\(pid (\\d+)\\): compatlab process ${run.pid} is gone`,
    ).exec(result.all);
    expect(removed, result.all).not.toBeNull();
    expect(existsSync(removed![1]!)).toBe(false);
    expect(processExists(Number(removed![2]))).toBe(false);
  });
});
