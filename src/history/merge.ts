/** `compatlab merge`: shard reports joined into the report one unsharded run would have written. */
import { cellKey } from '../core/cell-identity.js';
import type { CellResult, Report, UncheckedKnownFailure } from '../core/report.js';
import { UsageError } from '../core/errors.js';
import { skippedWhy, summarize } from '../runner/build-report.js';
import { applies } from './known-failures.js';

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
  const { shard: _shard, baseline: _baseline, uncheckedKnownFailures: _unchecked, ...first } = reports[0]!;
  const unchecked = uncheckedAcross(reports, cells, matrices);
  return {
    ...first,
    startedAt,
    finishedAt,
    durationMs: new Date(finishedAt).getTime() - new Date(startedAt).getTime(),
    matrices,
    summary: summarize(cells),
    cells,
    ...(unchecked.length > 0 ? { uncheckedKnownFailures: unchecked } : {}),
    ...(missing.length > 0 ? { missingCells: missing } : {}),
  };
}

/**
 * The known failures no cell of any shard checked. A shard names an entry when all of its own cells of it were
 * skipped; the merged run names it when every cell it covers, in every shard, was.
 */
function uncheckedAcross(reports: Report[], cells: CellResult[], matrices: Report['matrices']): UncheckedKnownFailure[] {
  const matrixAt = (known: UncheckedKnownFailure) => matrices.findIndex((m) => m.file === known.matrixFile);
  const named = new Map<string, UncheckedKnownFailure>();
  for (const known of reports.flatMap((r) => r.uncheckedKnownFailures ?? [])) named.set(`${known.matrixFile}#${known.index}`, known);
  return [...named.values()]
    .map((known) => ({
      known,
      covered: cells.filter((c) => c.matrixFile === known.matrixFile && c.knownFailure?.link === known.link && applies(known, c)),
    }))
    .filter(({ covered }) => covered.every((c) => c.status === 'skipped'))
    .map(({ known, covered }) => ({ ...known, why: skippedWhy(covered) }))
    .sort((a, b) => matrixAt(a) - matrixAt(b) || a.index - b.index);
}
