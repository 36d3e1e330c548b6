/** `compatlab merge`: shard reports joined into the report one unsharded run would have written. */
import type { Report } from '../core/report.js';
import { UsageError } from '../core/errors.js';
import { summarize } from '../runner/build-report.js';

export function mergeReports(reports: Report[]): Report {
  if (reports.length === 0) throw new UsageError('merge needs at least one report');
  const cells = reports.flatMap((r) => r.cells);
  const seen = new Set<string>();
  for (const cell of cells) {
    if (seen.has(cell.id)) throw new UsageError(`cell ${cell.id} is in more than one report; merge shards of one run`);
    seen.add(cell.id);
  }
  // Shards know the whole plan's order; without it, keep the order the reports were given in.
  const order = reports.find((r) => r.shard)?.shard?.cells ?? cells.map((c) => c.id);
  const position = new Map(order.map((id, i) => [id, i]));
  cells.sort((a, b) => (position.get(a.id) ?? order.length) - (position.get(b.id) ?? order.length));
  const missing = order.filter((id) => !seen.has(id));
  if (missing.length > 0)
    throw new UsageError(`${missing.length} cells of the plan are in no report (a shard missing?): ${missing.slice(0, 5).join(', ')}`);
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
  };
}
