/**
 * `--repeat N`: every cell runs N times and the runs are folded into one result. Repetitions that
 * disagree make the cell `flaky`; nothing is retried away. A skipped cell is not repeated.
 */
import { byCell } from '../core/cell-identity.js';
import type { CellResult, ObservedError } from '../core/report.js';
import type { Plan, ServerGroup } from '../plan/plan.js';

/** Each cell N times in a row on its group's server, or, with `freshServer`, each repetition on a server of its own. */
export function repeatPlan(plan: Plan, runs: number, freshServer: boolean): Plan {
  if (runs <= 1) return plan;
  const groups: ServerGroup[] = freshServer
    ? plan.groups.flatMap((g) =>
        g.cells.flatMap((cell) =>
          Array.from({ length: runs }, (_, i) => ({
            server: { ...g.server, key: `${g.server.key}#${cell.matrixFile}#${cell.id}#${i}` },
            cells: [cell],
          })),
        ),
      )
    : plan.groups.map((g) => ({ server: g.server, cells: g.cells.flatMap((cell) => Array<typeof cell>(runs).fill(cell)) }));
  return { cells: groups.flatMap((g) => g.cells), groups };
}

/**
 * One result per cell (matrix file and id), in first-seen order. A cell whose runs agree keeps its status;
 * else it is `flaky`. Runs agree when they have the same status and the same errors, told apart by their
 * codes and their messages with connection ids and ports taken out.
 */
export function foldRepeats(results: CellResult[]): CellResult[] {
  return byCell(results).map(fold);
}

function fold(all: CellResult[]): CellResult {
  // The same result object twice is a skipped cell that was not run again.
  const runs = [...new Set(all)];
  const outcomes: (NonNullable<CellResult['repeats']>['outcomes'][number] & { identity: string })[] = [];
  for (const run of runs) {
    const identity = outcomeIdentity(run);
    const same = outcomes.find((o) => o.identity === identity);
    if (same) same.count++;
    else outcomes.push({ identity, status: run.status, reason: run.reason, count: 1 });
  }
  const passes = runs.filter((r) => r.status === 'pass').length;
  const repeats = { runs: runs.length, passes, outcomes: outcomes.map(({ identity: _, ...o }) => o) };
  const durationMs = runs.reduce((sum, r) => sum + r.durationMs, 0);
  if (outcomes.length === 1) return { ...runs[0]!, repeats, durationMs };
  // The evidence shown is that of the first run that did not pass.
  const shown = runs.find((r) => r.status !== 'pass') ?? runs[0]!;
  const tally = repeats.outcomes.map((o) => `${o.count}× ${o.status}${o.reason ? ` (${o.reason})` : ''}`).join('; ');
  return { ...shown, status: 'flaky', reason: `passed ${passes} of ${runs.length} runs: ${tally}`, repeats, durationMs };
}

/** Status and the identity of each error of the steps that did not do what they should (or of the reason). */
export function outcomeIdentity(run: CellResult): string {
  const unmet = (run.steps ?? []).filter((s) => !s.met);
  const errors = unmet.map((s) => `${s.name ?? s.index}:${s.outcome.ok ? 'ok' : errorIdentity(s.outcome.error)}`);
  return JSON.stringify([run.status, errors.length > 0 ? errors : normaliseMessage(run.reason ?? '')]);
}

function errorIdentity(error: ObservedError | undefined): string {
  if (!error) return 'error';
  const codes = Object.entries(error)
    .filter(([key, value]) => (typeof value === 'string' || typeof value === 'number') && /code|state|errno/i.test(key))
    .map(([key, value]) => `${key}=${String(value)}`)
    .sort();
  return codes.length > 0 ? codes.join(',') : normaliseMessage(error.message);
}

/** Takes out what differs between two runs of the same failure: connection ids and ports. */
export function normaliseMessage(message: string): string {
  return message
    .replace(/\b(conn(?:ection)?(?:[ _-]?id)?\s*[=:#]?\s*)\d+/gi, '$1N')
    .replace(/\b(port\s*[=:]?\s*)\d+/gi, '$1N')
    .replace(/((?:\d{1,3}\.){3}\d{1,3}|localhost|\[[0-9a-f:]+\]):\d+/gi, '$1:N');
}
