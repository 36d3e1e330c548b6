/**
 * The orchestrator shared by `compatlab run` and `compatlab/vitest`, on real servers: groups run side by side,
 * results come in plan order, and a cell that ends in `error` leaves the next cell a fresh server.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandPlan, loadProject, prepareRun, runPlan, type RunEvent } from 'compatlab';

const files = {
  'scenarios/broken.yaml': `id: broken
title: a set-up step that fails
engine: postgres
steps:
  - sql: SELECT * FROM no_such_table
`,
  'scenarios/plain.yaml': `id: plain
title: a plain connection
engine: postgres
steps:
  - connect: admin
`,
  'matrix/m.yaml': `title: two servers
servers: [postgres@15.8, postgres@15.9]
clients: [pg]
scenarios: [broken, plain]
`,
};

async function planOf(matrix: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-runner-'));
  for (const [name, text] of Object.entries({ ...files, 'matrix/m.yaml': matrix })) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  const project = await loadProject([path.join(dir, 'matrix/m.yaml')], path.join(dir, 'scenarios'));
  return { dir, plan: expandPlan(project.matrices, project.scenarios) };
}

const starts = (events: RunEvent[]) => events.flatMap((e) => (e.type === 'server-starting' ? [e.label] : []));

describe('runPlan', () => {
  it('starts a second copy of a server when there are fewer groups than jobs, and loses no cell', async () => {
    const { dir, plan } = await planOf(`title: one server
servers: [postgres@15.9]
clients: [pg, postgres]
scenarios: [plain, broken]
`);
    try {
      await using run = await prepareRun({ runtime: 'local' });
      const events: RunEvent[] = [];
      const results = await runPlan(plan, { ...run, jobs: 2, onEvent: (e) => events.push(e) });
      expect(results.map((r) => [r.id, r.status])).toEqual([
        ['postgres@15.9/pg/plain', 'pass'],
        ['postgres@15.9/postgres/plain', 'pass'],
        ['postgres@15.9/pg/broken', 'error'],
        ['postgres@15.9/postgres/broken', 'error'],
      ]);
      expect(starts(events).slice(0, 2)).toEqual(['postgres@15.9', 'postgres@15.9 #2']);
      // The report names the server asked for, whichever copy ran the cell.
      expect(new Set(results.map((r) => r.server.label))).toEqual(new Set(['postgres@15.9']));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("starts the next group's server while the cells of the current one run", async () => {
    const { dir, plan } = await planOf(`title: two servers, one job
servers: [postgres@15.8, postgres@15.9]
clients: [pg]
scenarios: [plain]
`);
    try {
      await using run = await prepareRun({ runtime: 'local' });
      const events: RunEvent[] = [];
      const results = await runPlan(plan, { ...run, jobs: 1, onEvent: (e) => events.push(e) });
      expect(results.map((r) => r.status)).toEqual(['pass', 'pass']);
      const firstCellDone = events.findIndex((e) => e.type === 'cell-done');
      expect(starts(events.slice(0, firstCellDone))).toEqual(['postgres@15.8', 'postgres@15.9']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('runs server groups in parallel, reports in plan order, and replaces a server after an error', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-runner-'));
    try {
      for (const [name, text] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
        await writeFile(path.join(dir, name), text);
      }
      const project = await loadProject([path.join(dir, 'matrix/m.yaml')], path.join(dir, 'scenarios'));
      const plan = expandPlan(project.matrices, project.scenarios);
      await using run = await prepareRun({ runtime: 'local' });
      const events: RunEvent[] = [];
      const results = await runPlan(plan, { ...run, jobs: 2, onEvent: (e) => events.push(e) });

      const expected = [
        ['postgres@15.8/pg/broken', 'error'],
        ['postgres@15.8/pg/plain', 'pass'],
        ['postgres@15.9/pg/broken', 'error'],
        ['postgres@15.9/pg/plain', 'pass'],
      ];
      expect(results.map((r) => [r.id, r.status])).toEqual(expected);
      const done = events.flatMap((e) => (e.type === 'cell-done' ? [[e.result.id, e.result.status, e.done]] : []));
      expect(done).toEqual(expected.map((cell, i) => [...cell, i + 1]));
      // With two jobs both servers start before any cell is done.
      expect(events.slice(0, 2).map((e) => e.type === 'server-starting' && e.label)).toEqual(['postgres@15.8', 'postgres@15.9']);
      // Each server started twice: once for its group, once more after the error cell.
      const starts = events.flatMap((e) => (e.type === 'server-starting' ? [e.label] : []));
      expect(starts.sort()).toEqual(['postgres@15.8', 'postgres@15.8', 'postgres@15.9', 'postgres@15.9']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
