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
import { runSteps, withAdmin } from './run-cell.js';
import { mergeSettings } from '../core/settings.js';

export type RunEvent =
  | { type: 'server-starting'; label: string; runtime: string }
  | { type: 'server-ready'; label: string; versionString: string; ms: number }
  | { type: 'cell-done'; result: CellResult; done: number; total: number };

export interface RunOptions {
  runtime: Runtime;
  ctx: RunContext;
  onEvent?: (event: RunEvent) => void;
}

/** Starts each distinct server once, runs its cells in order, and stops it. */
export async function runPlan(plan: Plan, options: RunOptions): Promise<CellResult[]> {
  const results: CellResult[] = [];
  const emit = (result: CellResult) => {
    results.push(result);
    options.onEvent?.({ type: 'cell-done', result, done: results.length, total: plan.cells.length });
  };
  for (const group of plan.groups) {
    if (options.ctx.signal.aborted) break;
    await runGroup(group, options, emit);
  }
  return results;
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

async function runGroup(group: ServerGroup, options: RunOptions, emit: (r: CellResult) => void): Promise<void> {
  const { ctx, runtime } = options;
  const pending = [...group.cells];
  while (pending.length > 0 && !ctx.signal.aborted) {
    options.onEvent?.({ type: 'server-starting', label: group.server.label, runtime: runtime.name });
    const start = await startServer(group.server, runtime, ctx);
    if (!start.ok) {
      for (const cell of pending) emit(cellResult(cell, start.verdict));
      return;
    }
    await using _ = start.server;
    options.onEvent?.({ type: 'server-ready', label: group.server.label, versionString: start.versionString, ms: start.ms });
    while (pending.length > 0 && !ctx.signal.aborted) {
      const result = await runCell(pending.shift()!, start, ctx);
      emit(result);
      // After a harness error the server's state is unknown: give the next cell a fresh one.
      if (result.status === 'error') break;
    }
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
      client: { ...result.client, version: opened?.version, origin: opened?.origin },
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
  let steps: CellResult['steps'] = [];
  try {
    await using session = opened.session;
    const run = await runSteps(cell, server, engine, session, ctx);
    steps = run.steps;
    verdict = run.setupError ? { status: 'error', reason: run.setupError } : classify(steps, cell.knownFailure);
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    // A client that finds out only when connecting that it cannot express a setting skips the cell.
    verdict = { status: error instanceof SkipError ? 'skipped' : 'error', reason: errorMessage(error) };
  }
  return { ...base(verdict, opened), steps };
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
