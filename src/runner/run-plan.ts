import os from 'node:os';
import { getClient } from '../clients/index.js';
import { unsupported } from '../clients/supported.js';
import type { Client, ClientEnvironment, OpenedClient } from '../core/client.js';
import { getEngine } from '../engines/index.js';
import { SkipError, errorMessage } from '../core/errors.js';
import type { Cell, Plan, ServerGroup, ServerSpec } from '../plan/plan.js';
import type { CellResult } from '../core/report.js';
import type { Runtime, RunningServer } from '../runtimes/runtime.js';
import { classify, type Verdict } from './classify.js';
import type { RunContext } from '../core/context.js';
import { runSteps, withAdmin, type StepsRun } from './run-cell.js';
import { mergeSettings } from '../core/settings.js';
import { checkServerAfter } from './server-health.js';
import { ServerPool } from './server-pool.js';
import { CellQueue, copyPays, type Lane } from './cell-queue.js';

export type RunEvent =
  | { type: 'server-starting'; label: string; runtime: string }
  | { type: 'server-ready'; label: string; versionString: string; ms: number }
  | { type: 'cell-done'; result: CellResult; done: number; total: number };

export interface RunOptions {
  runtime: Runtime;
  ctx: RunContext;
  /** How many servers may run cells at once (default: the number of CPUs); a server's cells run one after another. */
  jobs?: number;
  onEvent?: (event: RunEvent) => void;
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
      const result = await pool.run(next.cell, lane.server);
      finished[next.position] = result;
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
    flush();
  }
  // Interrupted: keep what finished, in plan order, even past a gap.
  return finished.filter((r) => r !== undefined);
}

/** A server ready for cells, or why its cells cannot run. */
export type ServerStart = { ok: true; server: RunningServer; versionString: string; ms: number } | { ok: false; verdict: Verdict };

export async function startServer(spec: ServerSpec, runtime: Runtime, ctx: RunContext): Promise<ServerStart> {
  const started = performance.now();
  let server: RunningServer;
  try {
    server = await runtime.start(spec, ctx);
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    return { ok: false, verdict: { status: error instanceof SkipError ? 'skipped' : 'error', reason: errorMessage(error) } };
  }
  try {
    const versionString = await withAdmin(server, getEngine(spec.engine), (admin) => admin.versionString());
    return { ok: true, server, versionString, ms: performance.now() - started };
  } catch (error) {
    await server[Symbol.asyncDispose]();
    if (ctx.signal.aborted) throw error;
    return { ok: false, verdict: { status: 'error', reason: errorMessage(error) } };
  }
}

export async function runCell(cell: Cell, start: ServerStart & { ok: true }, ctx: RunContext): Promise<CellResult> {
  const { server, versionString } = start;
  const started = performance.now();
  const client = getClient(cell.client.driver);
  const engine = getEngine(cell.server.engine);
  const base = (verdict: Verdict, opened?: OpenedClient) => {
    const result = cellResult(cell, verdict, server, versionString);
    return {
      ...result,
      client: {
        ...result.client,
        version: opened?.version,
        origin: opened?.origin,
        ...(opened?.runtime ? { runtime: opened.runtime } : {}),
      },
      durationMs: Math.round(performance.now() - started),
    };
  };
  const skipReason = unsupportedSettings(cell, client);
  if (skipReason) return base({ status: 'skipped', reason: skipReason });
  const env: ClientEnvironment = {
    server,
    ctx,
    serverPublicKey: () =>
      engine.serverPublicKey ? engine.serverPublicKey(server) : Promise.reject(new Error(`${engine.name} servers have no RSA public key`)),
  };
  let opened: OpenedClient;
  try {
    opened = await client.open(cell.client, env);
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    return base({ status: error instanceof SkipError ? 'skipped' : 'error', reason: errorMessage(error) });
  }
  let verdict: Verdict;
  let run: StepsRun = { steps: [] };
  try {
    await using session = opened.session;
    run = await runSteps(cell, server, engine, session, ctx);
    verdict = run.setupError ? { status: 'error', reason: run.setupError } : classify(run.steps, cell.knownFailure);
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    // A client that finds out only when connecting that it cannot express a setting skips the cell.
    verdict = { status: error instanceof SkipError ? 'skipped' : 'error', reason: errorMessage(error) };
  }
  return checkServerAfter({ ...base(verdict, opened), steps: run.steps, ...(run.cleanup ? { cleanup: run.cleanup } : {}) }, server, engine);
}

function unsupportedSettings(cell: Cell, client: Client): string | undefined {
  for (const step of cell.scenario.steps) {
    if (step.kind !== 'connect') continue;
    const features = [...(step.resumeTlsSessionFrom ? ['resumeTlsSession'] : []), ...(step.sql.length > 0 ? ['sql'] : [])];
    const reason = unsupported(client, mergeSettings(cell.client.settings, step.settings), features);
    if (reason) return `step "${step.connect}": ${reason}`;
  }
  return undefined;
}

export function cellResult(cell: Cell, verdict: Verdict, server?: RunningServer, versionString?: string): CellResult {
  const { scenario, server: spec, client } = cell;
  return {
    id: cell.id,
    matrixFile: cell.matrixFile,
    scenario: { id: scenario.id, title: scenario.title, file: cell.scenarioFile, links: scenario.links },
    server: {
      label: spec.label,
      engine: spec.engine,
      requestedVersion: spec.version,
      variant: spec.variant,
      versionString,
      origin: server?.origin,
      tls: spec.tls,
      settings: spec.settings,
    },
    client: { label: client.label, driver: client.driver, settings: client.settings },
    status: verdict.status,
    reason: verdict.reason,
    knownFailure: cell.knownFailure && { link: cell.knownFailure.link, note: cell.knownFailure.note },
    durationMs: 0,
    rerun: `npx compatlab run ${cell.matrixFile} --cell '${cell.id}'`,
    steps: [],
  };
}
