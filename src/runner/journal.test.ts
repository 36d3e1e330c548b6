import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CellResult } from '../core/report.js';
import { Journal, readJournal } from './journal.js';
import { reportFromJournal } from './run-report.js';

const cell = (id: string, status: CellResult['status'], reason?: string) =>
  ({ id, matrixFile: 'matrix/m.yaml', status, reason, steps: [], durationMs: 1 }) as unknown as CellResult;

describe('the journal of a run', () => {
  it('rebuilds the report of a run that died: finished cells as they were, the others as errors, a cut last line left out', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-journal-'));
    try {
      const journal = new Journal(dir, {
        type: 'run',
        startedAt: '2026-01-01T00:00:00.000Z',
        runtime: 'local',
        matrices: [{ file: 'matrix/m.yaml', title: 'm' }],
        planned: [cell('a', 'skipped', 'not run'), cell('b', 'skipped', 'not run')],
      });
      journal.cell(0, cell('a', 'pass'));
      await appendFile(journal.file, '{"type":"cell","position":1,"res');
      const report = reportFromJournal(await readJournal(dir), 'out/cells.jsonl');
      expect(report.cells.map((c) => [c.id, c.status, c.reason])).toEqual([
        ['a', 'pass', undefined],
        ['b', 'error', 'not run: the run ended before this cell finished'],
      ]);
      expect(report.summary).toMatchObject({ pass: 1, error: 1, total: 2 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
