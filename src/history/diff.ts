/** What changed between two runs of the same cells: the pure comparison behind `compatlab diff` and `--baseline`. */
import {
  cellKey,
  type CellChange,
  type CellResult,
  type CellStatus,
  type ChangeKind,
  type Report,
  type ReportDiff,
} from '../core/report.js';

/** Statuses that give a verdict on the system under test, good or bad. */
const good: CellStatus[] = ['pass', 'known-fail'];
const bad: CellStatus[] = ['fail', 'error'];

export function diffReports(old: Report, next: Report, source: string): ReportDiff {
  const key = matchKey(old, next);
  const before = new Map(old.cells.map((c) => [key(c), c]));
  const after = new Map(next.cells.map((c) => [key(c), c]));
  const changes: CellChange[] = [];
  let unchanged = 0;
  for (const cell of next.cells) {
    const was = before.get(key(cell));
    const kind = classifyChange(was, cell);
    if (kind === undefined) unchanged++;
    else changes.push({ id: cell.id, matrixFile: cell.matrixFile, name: key(cell), kind, old: outcome(was), new: outcome(cell) });
  }
  for (const cell of old.cells) {
    if (!after.has(key(cell)))
      changes.push({ id: cell.id, matrixFile: cell.matrixFile, name: key(cell), kind: 'disappeared', old: outcome(cell) });
  }
  changes.sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind));
  return { old: { source, startedAt: old.startedAt }, changes, unchanged };
}

/**
 * Cells match by id; by matrix file and id where two matrices of a report share an id. A matrix path that
 * differs between the runs (another working directory, a moved file) then still matches its cells.
 */
function matchKey(...reports: Report[]): (cell: CellResult) => string {
  const shared = new Set<string>();
  for (const report of reports) {
    const matrixOf = new Map<string, string>();
    for (const c of report.cells) {
      if ((matrixOf.get(c.id) ?? c.matrixFile) !== c.matrixFile) shared.add(c.id);
      matrixOf.set(c.id, c.matrixFile);
    }
  }
  return (cell) => (shared.has(cell.id) ? cellKey(cell) : cell.id);
}

/** Most urgent first. */
export const kindOrder: ChangeKind[] = ['regressed', 'became-flaky', 'changed', 'fixed', 'appeared', 'disappeared'];

export function classifyChange(old: CellResult | undefined, next: CellResult): ChangeKind | undefined {
  if (!old) return 'appeared';
  if (next.status === 'flaky' && old.status !== 'flaky') return 'became-flaky';
  if (good.includes(old.status) && bad.includes(next.status)) return 'regressed';
  if ((bad.includes(old.status) || old.status === 'flaky') && good.includes(next.status)) return 'fixed';
  if (old.status !== next.status) return 'changed';
  // Same status, but a different failure is news too (e.g. another error message).
  if (bad.includes(next.status) && errorText(old) !== errorText(next)) return 'changed';
  return undefined;
}

export function hasRegressions(diff: ReportDiff): boolean {
  return diff.changes.some((c) => c.kind === 'regressed' || c.kind === 'became-flaky');
}

function outcome(cell: CellResult | undefined): CellChange['old'] {
  return cell && { status: cell.status, reason: cell.reason };
}

/** The observed errors of a cell, without the parts that differ from run to run (ports, pids, times). */
function errorText(cell: CellResult): string {
  const errors = cell.steps.filter((s) => !s.met).map((s) => s.outcome.error?.message ?? 'ok');
  return (errors.length > 0 ? errors.join('\n') : (cell.reason ?? '')).replace(/\d+/g, 'N');
}
