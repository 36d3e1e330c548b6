import type { RunContext } from '../core/context.js';
import type { CellResult } from '../core/report.js';
import type { Cell, ServerSpec } from '../plan/plan.js';
import type { Runtime } from '../runtimes/runtime.js';
import { cellResult, runCell, startServer, type RunEvent, type ServerStart } from './run-plan.js';

/**
 * The one place that decides when servers start and stop, for `compatlab run` and `compatlab/vitest`:
 * a server starts when its first cell runs, is shared by the cells of its group, is replaced after a
 * cell ends in `error`, and stops on `release` (after the group's last cell) or when the pool is disposed.
 */
export class ServerPool implements AsyncDisposable {
  readonly #servers = new Map<string, Promise<ServerStart>>();

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

  async [Symbol.asyncDispose](): Promise<void> {
    await Promise.all([...this.#servers.keys()].map((key) => this.release(key)));
  }

  #acquire(spec: ServerSpec): Promise<ServerStart> {
    let start = this.#servers.get(spec.key);
    if (!start) {
      this.onEvent?.({ type: 'server-starting', label: spec.label, runtime: this.runtime.name });
      start = startServer(spec, this.runtime, this.ctx).then((s) => {
        if (s.ok) this.onEvent?.({ type: 'server-ready', label: spec.label, versionString: s.versionString, ms: s.ms });
        return s;
      });
      this.#servers.set(spec.key, start);
    }
    return start;
  }
}
