import type { RunContext } from '../core/context.js';
import type { CellResult } from '../core/report.js';
import type { Cell, ServerGroup, ServerSpec } from '../plan/plan.js';
import type { Runtime } from '../runtimes/runtime.js';
import { cellResult, runCell, startServer, type RunEvent, type ServerStart } from './run-plan.js';

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
    private readonly onEvent?: (event: RunEvent) => void,
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
    if (started?.ok) await started.server[Symbol.asyncDispose]();
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
