import { describe, expect, it } from 'vitest';
import { cellKey } from '../core/cell-identity.js';
import { type CellResult, type Report } from '../core/report.js';
import { fixtureReport } from '../../test/support/fixture.js';
import { diffReports, hasRegressions } from './diff.js';
import { diffMarkdown, diffTerminal } from '../reporters/diff-format.js';
import { mergeReports } from './merge.js';

function withStatus(report: Report, cell: CellResult, status: CellResult['status'], reason?: string): Report {
  return { ...report, cells: report.cells.map((c) => (cellKey(c) === cellKey(cell) ? { ...c, status, reason, steps: [] } : c)) };
}

describe('diffReports', () => {
  const old = fixtureReport();
  const [passing, , known] = old.cells.filter((c) => c.status === 'pass' || c.status === 'known-fail');
  const failing = old.cells.find((c) => c.status === 'fail')!;

  it('finds nothing between a report and itself', () => {
    expect(diffReports(old, old, 'old')).toMatchObject({ changes: [], unchanged: old.cells.length });
  });

  it('classifies regressions, fixes, flaky cells, new and gone cells, most urgent first', () => {
    let next = withStatus(old, passing!, 'fail', 'resumed failed: boom');
    next = withStatus(next, failing, 'pass');
    next = withStatus(next, known!, 'flaky', 'passed 1 of 3 runs');
    const gone = old.cells.find((c) => c.status === 'skipped')!;
    next = { ...next, cells: [...next.cells.filter((c) => c !== gone), { ...gone, id: 'postgres@17.0/pg/new' }] };
    const diff = diffReports(old, next, 'reports/old');
    expect(diff.changes.map((c) => [c.kind, c.id])).toEqual([
      ['regressed', passing!.id],
      ['became-flaky', known!.id],
      ['fixed', failing.id],
      ['appeared', 'postgres@17.0/pg/new'],
      ['disappeared', old.cells.find((c) => c.status === 'skipped')!.id],
    ]);
    expect(hasRegressions(diff)).toBe(true);
    expect(diffMarkdown(diff)).toContain(`| \`${cellKey(passing!)}\` | pass → fail | resumed failed: boom |`);
  });

  it('notices a failure that changed its error, but not one that only changed numbers', () => {
    const step = failing.steps.find((s) => !s.met)!;
    const reworded = (message: string): Report => ({
      ...old,
      cells: old.cells.map((c) =>
        c.id === failing.id
          ? { ...c, steps: c.steps.map((s) => (s === step ? { ...s, outcome: { ok: false, error: { message } } } : s)) }
          : c,
      ),
    });
    expect(diffReports(reworded('connect to port 5432 refused'), reworded('connect to port 5433 refused'), 'o').changes).toEqual([]);
    expect(diffReports(reworded('refused'), reworded('timed out'), 'o').changes.map((c) => c.kind)).toEqual(['changed']);
  });

  it('tells apart cells of two matrices that share an id, and names them with their matrix', () => {
    const cell = old.cells.find((c) => c.status === 'pass')!;
    const twin = { ...cell, matrixFile: 'matrix/other.yaml' };
    const before: Report = { ...old, cells: [cell, twin] };
    const after: Report = { ...old, cells: [cell, { ...twin, status: 'fail', reason: 'boom', steps: [] }] };
    const diff = diffReports(before, after, 'o');
    expect(diff.changes.map((c) => [c.kind, c.matrixFile, c.id])).toEqual([['regressed', 'matrix/other.yaml', cell.id]]);
    expect(diff.unchanged).toBe(1);
    expect(diffTerminal(diff)).toContain(`  matrix/other.yaml: ${cell.id}: pass → fail`);
  });

  it('never matches cells of different matrices, even with the same id', () => {
    const moved: Report = { ...old, cells: old.cells.map((c) => ({ ...c, matrixFile: `other/${c.matrixFile}` })) };
    const kinds = new Set(diffReports(old, moved, 'o').changes.map((c) => c.kind));
    expect([...kinds]).toEqual(['appeared', 'disappeared']);
  });
});

describe('mergeReports', () => {
  it('keeps cells of two matrices that share an id, in the plan order the shards name', () => {
    const cell = fixtureReport().cells[0]!;
    const twin = { ...cell, matrixFile: 'matrix/other.yaml' };
    const order = [cellKey(twin), cellKey(cell)];
    const shard = (c: CellResult, index: number): Report => ({ ...fixtureReport(), cells: [c], shard: { index, count: 2, cells: order } });
    expect(mergeReports([shard(cell, 1), shard(twin, 2)]).cells.map((c) => c.matrixFile)).toEqual(['matrix/other.yaml', cell.matrixFile]);
    expect(() => mergeReports([shard(cell, 1), shard(cell, 2)])).toThrow(/is in more than one report/);
  });
});
