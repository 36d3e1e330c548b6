/**
 * The server under test dies in the middle of a cell, on both runtimes: that cell is an `error` with the
 * server's last log lines, the next cell gets a fresh server, and the run writes its reports.
 * The docker half needs the lab image (`npm run images -- postgres@15.9`).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/core/report.js';
import { dockerEngine } from './helpers/optional-tool.js';
import { workspace } from './helpers/workspace.js';

// The backend's working directory is the data directory; postmaster.pid's first line is the postmaster.
const files = {
  'scenarios/crash.yaml': `id: crash
title: the server dies in the middle of the cell
engine: postgres
steps:
  - connect: before
  - sql: COPY (SELECT 1) TO PROGRAM 'kill -9 $(head -1 postmaster.pid)'
  - connect: after
`,
  'scenarios/plain.yaml': `id: plain\ntitle: the next cell\nengine: postgres\nsteps:\n  - connect: c\n`,
  'matrix/m.yaml': `title: crash\nservers: [postgres@15.9]\nclients: [pg]\nscenarios: [crash, plain]\n`,
};

const dockerTool = await dockerEngine();

describe.each([
  ['local', []],
  ['docker', ['--images', 'lab']],
] as const)('a crash of the server under test (%s runtime)', (runtime, extra) => {
  it.skipIf(runtime === 'docker' && dockerTool.skip)(
    'is an error with the server log, and the next cell runs on a fresh server',
    async () => {
      await using ws = await workspace(files);
      const result = await ws.cli(['run', '--runtime', runtime, ...extra, '--report-dir', 'out']);
      expect(result.exitCode, result.all).toBe(1);
      expect(result.all).not.toMatch(/Unhandled|\n\s+at /);
      const report = JSON.parse(await readFile(path.join(ws.dir, 'out', 'report.json'), 'utf8')) as Report;
      expect(report.cells.map((c) => [c.id, c.status])).toEqual([
        ['postgres@15.9/pg/crash', 'error'],
        ['postgres@15.9/pg/plain', 'pass'],
      ]);
      expect(report.cells[0]?.reason).toMatch(
        /^the server stopped answering during this cell .*\nlast server log lines:\n(.*\n)*.*database system is ready/,
      );
    },
  );
});
