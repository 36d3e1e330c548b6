import { describe, expect, it } from 'vitest';
import type { CellResult, Report } from '../core/report.js';
import { fixtureReport } from '../../test/support/fixture.js';
import { diffReports, hasRegressions } from './diff.js';
import { diffMarkdown } from './diff-format.js';

function withStatus(report: Report, id: string, status: CellResult['status'], reason?: string): Report {
  return { ...report, cells: report.cells.map((c) => (c.id === id ? { ...c, status, reason, steps: [] } : c)) };
}

describe('diffReports', () => {
  const old = fixtureReport();
  const [passing, , known] = old.cells.filter((c) => c.status === 'pass' || c.status === 'known-fail');
  const failing = old.cells.find((c) => c.status === 'fail')!;

  it('finds nothing between a report and itself', () => {
    expect(diffReports(old, old, 'old')).toMatchObject({ changes: [], unchanged: old.cells.length });
  });

  it('classifies regressions, fixes, flaky cells, new and gone cells, most urgent first', () => {
    let next = withStatus(old, passing!.id, 'fail', 'resumed failed: boom');
    next = withStatus(next, failing.id, 'pass');
    next = withStatus(next, known!.id, 'flaky', 'passed 1 of 3 runs');
    const gone = old.cells.find((c) => c.status === 'skipped')!;
    next = { ...next, cells: [...next.cells.filter((c) => c.id !== gone.id), { ...gone, id: 'postgres@17.0/pg/new' }] };
    const diff = diffReports(old, next, 'reports/old');
    expect(diff.changes.map((c) => [c.kind, c.id])).toEqual([
      ['regressed', passing!.id],
      ['became-flaky', known!.id],
      ['fixed', failing.id],
      ['appeared', 'postgres@17.0/pg/new'],
      ['disappeared', old.cells.find((c) => c.status === 'skipped')!.id],
    ]);
    expect(hasRegressions(diff)).toBe(true);
    expect(diffMarkdown(diff)).toContain(`| \`${passing!.id}\` | pass → fail | resumed failed: boom |`);
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
});
