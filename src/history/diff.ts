/** What changed between two runs of the same cells: the pure comparison behind `compatlab diff` and `--baseline`. */
import { cellKey } from '../core/cell-identity.js';
import {
  kindOrder,
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

/** Cells match by their identity (matrix file and id): cells of different matrices never match. */
export function diffReports(old: Report, next: Report, source: string): ReportDiff {
  const key = cellKey;
  const name = displayName(old, next);
  const before = new Map(old.cells.map((c) => [key(c), c]));
  const after = new Map(next.cells.map((c) => [key(c), c]));
  const changes: CellChange[] = [];
  let unchanged = 0;
  for (const cell of next.cells) {
    const was = before.get(key(cell));
    const kind = classifyChange(was, cell);
    if (kind === undefined) unchanged++;
    else changes.push({ id: cell.id, matrixFile: cell.matrixFile, name: name(cell), kind, old: outcome(was), new: outcome(cell) });
  }
  for (const cell of old.cells) {
    if (!after.has(key(cell)))
      changes.push({ id: cell.id, matrixFile: cell.matrixFile, name: name(cell), kind: 'disappeared', old: outcome(cell) });
  }
  changes.sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind));
  return { old: { source, startedAt: old.startedAt }, changes, unchanged };
}

/** A cell's id, or `matrix: id` where matrices of the reports share that id. */
function displayName(...reports: Report[]): (cell: CellResult) => string {
  const matrices = new Map<string, Set<string>>();
  for (const c of reports.flatMap((r) => r.cells)) matrices.set(c.id, (matrices.get(c.id) ?? new Set()).add(c.matrixFile));
  return (cell) => ((matrices.get(cell.id)?.size ?? 0) > 1 ? cellKey(cell) : cell.id);
}

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
