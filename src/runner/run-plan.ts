import os from 'node:os';
import { cellKey } from '../core/cell-identity.js';
import type { RunContext } from '../core/context.js';
import type { CellResult } from '../core/report.js';
import type { Plan, ServerGroup } from '../plan/plan.js';
import type { Runtime } from '../runtimes/runtime.js';
import { CellQueue, copyPays, type Lane } from './cell-queue.js';
import { ServerPool, type ServerEvent } from './server-pool.js';

export type RunEvent = ServerEvent | { type: 'cell-done'; result: CellResult; done: number; total: number };

export interface RunOptions {
  runtime: Runtime;
  ctx: RunContext;
  /** How many servers may run cells at once (default: the number of CPUs); a server's cells run one after another. */
  jobs?: number;
  onEvent?: (event: RunEvent) => void;
  /** Each result as soon as its cell finishes (`position` in the plan), before the in-order `cell-done` event. */
  onResult?: (result: CellResult, position: number) => void;
}

export const defaultJobs = (): number => os.availableParallelism();

/**
 * Runs the cells of a plan on up to `jobs` servers at a time (see CellQueue for which server runs what).
 * Results and `cell-done` events come in plan order whatever finishes first. On abort it stops every server and returns the cells that finished.
 */
export async function runPlan(plan: Plan, options: RunOptions): Promise<CellResult[]> {
  const { ctx } = options;
  // A cell may appear more than once (--repeat): results are kept by position, not by cell.
  const total = plan.groups.reduce((n, g) => n + g.cells.length, 0);
  const finished: (CellResult | undefined)[] = Array.from({ length: total });
  const results: CellResult[] = [];
  const flush = () => {
    for (let next = finished[results.length]; next; next = finished[results.length]) {
      results.push(next);
      options.onEvent?.({ type: 'cell-done', result: next, done: results.length, total });
    }
  };
  const queue = new CellQueue(plan.groups);
  const startAhead = () => {
    const upcoming = queue.upcoming();
    if (upcoming) pool.startAhead(upcoming);
  };
  await using pool = new ServerPool(options.runtime, ctx, (event) => {
    if (event.type === 'server-ready') startAhead();
    options.onEvent?.(event);
  });
  const skipped = new Map<string, CellResult>();
  // Measured cell times per group, to tell whether another server for it pays.
  const cellTimes = new Map<ServerGroup, { ms: number; cells: number }>();
  const worthCopying = (group: ServerGroup, left: number) => {
    const times = cellTimes.get(group);
    return pool.usable(group) && copyPays(left, times && times.ms / times.cells, pool.startMs(group));
  };
  const worker = async () => {
    let lane: Lane | undefined;
    for (let next = queue.next(lane, worthCopying); next && !ctx.signal.aborted; next = queue.next(lane, worthCopying)) {
      if (lane && next.lane !== lane) await pool.release(lane.server.key);
      const fresh = next.lane !== lane;
      lane = next.lane;
      if (fresh && lane.replica > 1) {
        // A copy takes cells once it is up: meanwhile the group's own server may run this one.
        queue.giveBack(next);
        if (await pool.started(lane.server)) continue;
        break;
      }
      // A repetition of a skipped cell would be skipped the same way: it is not run again.
      const result = skipped.get(cellKey(next.cell)) ?? (await pool.run(next.cell, lane.server));
      if (result.status === 'skipped') skipped.set(cellKey(next.cell), result);
      finished[next.position] = result;
      options.onResult?.(result, next.position);
      const group = plan.groups[lane.group]!;
      const times = cellTimes.get(group) ?? { ms: 0, cells: 0 };
      cellTimes.set(group, { ms: times.ms + result.durationMs, cells: times.cells + 1 });
      flush();
    }
    if (lane) await pool.release(lane.server.key);
  };
  const jobs = Math.max(1, Math.min(options.jobs ?? defaultJobs(), total));
  // Every worker ends before the pool is disposed, also when one of them throws.
  const settled = await Promise.allSettled(Array.from({ length: jobs }, worker));
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure && !ctx.signal.aborted) throw failure.reason;
  // Cells given back by copies that did not start, when no worker was left to take them.
  let previous: string | undefined;
  for (const { cell, lane, position } of ctx.signal.aborted ? [] : queue.rest()) {
    if (previous !== undefined && previous !== lane.server.key) await pool.release(previous);
    previous = lane.server.key;
    finished[position] = await pool.run(cell, lane.server);
    options.onResult?.(finished[position], position);
    flush();
  }
  // Interrupted: keep what finished, in plan order, even past a gap.
  return finished.filter((r) => r !== undefined);
}
