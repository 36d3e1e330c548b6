/** `compatlab merge`: shard reports joined into the report one unsharded run would have written. */
import { cellKey } from '../core/cell-identity.js';
import type { Report } from '../core/report.js';
import { UsageError } from '../core/errors.js';
import { summarize } from '../runner/build-report.js';

export function mergeReports(reports: Report[]): Report {
  if (reports.length === 0) throw new UsageError('merge needs at least one report');
  const cells = reports.flatMap((r) => r.cells);
  const seen = new Set<string>();
  for (const cell of cells) {
    if (seen.has(cellKey(cell))) throw new UsageError(`cell ${cellKey(cell)} is in more than one report; merge shards of one run`);
    seen.add(cellKey(cell));
  }
  // Shards know the whole plan's order; without it, keep the order the reports were given in.
  const order = reports.find((r) => r.shard)?.shard?.cells ?? cells.map(cellKey);
  const position = new Map(order.map((key, i) => [key, i]));
  const at = (cell: (typeof cells)[number]) => position.get(cellKey(cell)) ?? order.length;
  cells.sort((a, b) => at(a) - at(b));
  // A shard missing costs its cells, not the merge: the report says which they are.
  const missing = order.filter((key) => !seen.has(key));
  const startedAt = reports.map((r) => r.startedAt).sort()[0]!;
  const finishedAt = reports
    .map((r) => r.finishedAt)
    .sort()
    .at(-1)!;
  const matrices = reports.flatMap((r) => r.matrices).filter((m, i, all) => all.findIndex((x) => x.file === m.file) === i);
  const { shard: _shard, baseline: _baseline, ...first } = reports[0]!;
  return {
    ...first,
    startedAt,
    finishedAt,
    durationMs: new Date(finishedAt).getTime() - new Date(startedAt).getTime(),
    matrices,
    summary: summarize(cells),
    cells,
    ...(missing.length > 0 ? { missingCells: missing } : {}),
  };
}
