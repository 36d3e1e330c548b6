import type { RunContext } from '../core/context.js';
import { errorMessage } from '../core/errors.js';
import type { CellResult, EffectiveSetting } from '../core/report.js';
import { getEngine } from '../engines/index.js';
import type { Cell, ServerGroup, ServerSpec } from '../plan/plan.js';
import type { Runtime, RunningServer } from '../runtimes/runtime.js';
import { withAdmin } from './admin.js';
import { cellResult } from './cell-result.js';
import { errorVerdict, type Verdict } from './classify.js';
import { runCell } from './run-cell.js';

export type ServerEvent =
  | { type: 'server-starting'; label: string; runtime: string }
  | { type: 'server-ready'; label: string; versionString: string; ms: number }
  /** Something that went wrong beside the cells (e.g. a server that could not be removed); the results stand. */
  | { type: 'note'; message: string };

/**
 * The one place that decides when servers start and stop, for `compatlab run` and `compatlab/vitest`:
 * a server starts when its first cell runs (or ahead of it), is shared by the cells of its group, is
 * replaced after a cell ends in `error`, and stops on `release` (after the group's last cell) or when
 * the pool is disposed.
 */
export class ServerPool implements AsyncDisposable {
  readonly #servers = new Map<string, Promise<ServerStart>>();
  /** Keys of servers that could not start: their cells get that verdict, and no copy of them is started. */
  readonly #failed = new Set<string>();
  /** How long the first server of each key took to start. */
  readonly #startMs = new Map<string, number>();
  /** Set when the pool is disposed: no server starts after that. */
  #closing = false;

  constructor(
    private readonly runtime: Runtime,
    private readonly ctx: RunContext,
    private readonly onEvent?: (event: ServerEvent) => void,
  ) {}

  /** Runs a cell on the server of its group (`server`: the group's, when it differs from the cell's, as with --repeat). */
  async run(cell: Cell, server: ServerSpec = cell.server): Promise<CellResult> {
    const start = await this.#acquire(server);
    if (!start.ok) return cellResult(cell, start.verdict);
    const result = await runCell(cell, start, this.ctx);
    // After a harness error or a failed cleanup the server's state is unknown: the next cell gets a fresh one.
    if (result.status === 'error' || result.cleanup) await this.release(server.key);
    return result;
  }

  /** Stops the server of this group, if one is running; the next cell of the group starts a new one. */
  async release(key: string): Promise<void> {
    const start = this.#servers.get(key);
    this.#servers.delete(key);
    const started = await start?.catch(() => undefined);
    if (!started?.ok) return;
    // A server that cannot be stopped or removed costs no result: it is a note on the run.
    try {
      await started.server[Symbol.asyncDispose]();
    } catch (error) {
      const message = `could not stop ${started.server.spec.label}: ${errorMessage(error)}`;
      this.ctx.logger.warn(message);
      this.onEvent?.({ type: 'note', message });
    }
  }

  /** Starts the server of a group that runs next, while other groups' cells run. */
  startAhead(spec: ServerSpec): void {
    // Awaited by the group's first cell; an abort meanwhile is reported there, or the pool disposes it.
    if (!this.#closing) this.#acquire(spec).catch(() => {});
  }

  /**
   * Starts the server (unless it runs) and says whether it is up. A copy that failed is logged, since no cell
   * reports it; one that cannot run here (skipped) says nothing its group's own server does not say.
   */
  async started(spec: ServerSpec): Promise<boolean> {
    const start = await this.#acquire(spec);
    if (!start.ok && start.verdict.status !== 'skipped')
      this.ctx.logger.warn(
        `${spec.label} did not start (${start.verdict.reason ?? start.verdict.status}); its group runs on its other server`,
      );
    return start.ok;
  }

  /** Whether a server of this group could start (true until one could not). */
  usable(group: ServerGroup): boolean {
    return !this.#failed.has(group.server.key);
  }

  /** How long the group's first server took to start, once it has. */
  startMs(group: ServerGroup): number | undefined {
    return this.#startMs.get(group.server.key);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#closing = true;
    // A start finishing meanwhile may have asked for another; stop until none is left.
    while (this.#servers.size > 0) await Promise.all([...this.#servers.keys()].map((key) => this.release(key)));
  }

  #acquire(spec: ServerSpec): Promise<ServerStart> {
    let start = this.#servers.get(spec.key);
    if (!start) {
      this.onEvent?.({ type: 'server-starting', label: spec.label, runtime: this.runtime.name });
      start = startServer(spec, this.runtime, this.ctx).then((s) => {
        if (s.ok) {
          if (!this.#startMs.has(spec.key)) this.#startMs.set(spec.key, s.ms);
          this.onEvent?.({ type: 'server-ready', label: spec.label, versionString: s.versionString, ms: s.ms });
        } else this.#failed.add(spec.key);
        return s;
      });
      this.#servers.set(spec.key, start);
    }
    return start;
  }
}

/** A server ready for cells, or why its cells cannot run. */
export type ServerStart =
  { ok: true; server: RunningServer; versionString: string; effective: EffectiveSetting[]; ms: number } | { ok: false; verdict: Verdict };

export async function startServer(spec: ServerSpec, runtime: Runtime, ctx: RunContext): Promise<ServerStart> {
  const started = performance.now();
  let server: RunningServer;
  try {
    server = await runtime.start(spec, ctx);
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    return { ok: false, verdict: errorVerdict(error) };
  }
  try {
    // The server's own words: its version, and the configuration it runs with (read back, not what was asked).
    const [versionString, effective] = await withAdmin(server, getEngine(spec.engine), (admin) =>
      Promise.all([admin.versionString(), admin.effectiveSettings(spec)]),
    );
    return { ok: true, server, versionString, effective, ms: performance.now() - started };
  } catch (error) {
    await server[Symbol.asyncDispose]();
    if (ctx.signal.aborted) throw error;
    return { ok: false, verdict: { status: 'error', reason: errorMessage(error) } };
  }
}
