/**
 * `--repeat N`: every cell runs N times and the runs are folded into one result. Repetitions that
 * disagree make the cell `flaky`; nothing is retried away.
 */
import type { CellResult } from '../core/report.js';
import type { Plan, ServerGroup } from '../plan/plan.js';

/** Each cell N times in a row on its group's server, or, with `freshServer`, each repetition on a server of its own. */
export function repeatPlan(plan: Plan, runs: number, freshServer: boolean): Plan {
  if (runs <= 1) return plan;
  const groups: ServerGroup[] = freshServer
    ? plan.groups.flatMap((g) =>
        g.cells.flatMap((cell) =>
          Array.from({ length: runs }, (_, i) => ({ server: { ...g.server, key: `${g.server.key}#${cell.id}#${i}` }, cells: [cell] })),
        ),
      )
    : plan.groups.map((g) => ({ server: g.server, cells: g.cells.flatMap((cell) => Array<typeof cell>(runs).fill(cell)) }));
  return { cells: groups.flatMap((g) => g.cells), groups };
}

/** One result per cell id, in first-seen order. A cell whose runs agree keeps its status; else it is `flaky`. */
export function foldRepeats(results: CellResult[]): CellResult[] {
  const byId = new Map<string, CellResult[]>();
  for (const r of results) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  return [...byId.values()].map(fold);
}

function fold(runs: CellResult[]): CellResult {
  const outcomes: NonNullable<CellResult['repeats']>['outcomes'] = [];
  for (const run of runs) {
    const same = outcomes.find((o) => o.status === run.status && o.reason === run.reason);
    if (same) same.count++;
    else outcomes.push({ status: run.status, reason: run.reason, count: 1 });
  }
  const passes = runs.filter((r) => r.status === 'pass').length;
  const repeats = { runs: runs.length, passes, outcomes };
  const durationMs = runs.reduce((sum, r) => sum + r.durationMs, 0);
  const statuses = new Set(runs.map((r) => r.status));
  if (statuses.size === 1) return { ...runs[0]!, repeats, durationMs };
  // The evidence shown is that of the first run that did not pass.
  const shown = runs.find((r) => r.status !== 'pass') ?? runs[0]!;
  const tally = outcomes.map((o) => `${o.count}× ${o.status}${o.reason ? ` (${o.reason})` : ''}`).join('; ');
  return { ...shown, status: 'flaky', reason: `passed ${passes} of ${runs.length} runs: ${tally}`, repeats, durationMs };
}
