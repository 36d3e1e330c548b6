import { setTimeout as sleep } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import type { ContainerRuntimeClient, StartedTestContainer } from 'testcontainers';
import type { Engine } from '../../core/engine.js';
import { withDeadline } from '../../core/deadline.js';
import { InfraError, errorMessage } from '../../core/errors.js';
import type { ServerSpec } from '../../core/specs.js';
import type { ServerOrigin } from '../../core/report.js';
import type { ExecResult, RunningServer } from '../runtime.js';
import { ServerLog } from '../../core/server-log.js';
import { ContainerShell } from './container-shell.js';
import type { LiveContainers } from './live-containers.js';

const readyTimeoutMs = 60_000;
const connectTimeoutMs = 15_000;
const restartStopTimeoutMs = 10_000;
/** A backstop: callers pass their own, shorter timeouts in the signal. */
const execTimeoutMs = 5 * 60_000;

/** One server container: its log streamed into a ServerLog, restarted in place, removed on dispose. */
export class DockerServer implements RunningServer {
  readonly host = '127.0.0.1';
  readonly log = new ServerLog();
  private logStream?: { stream: Readable; ended: Promise<void> };
  private disposed = false;
  private shell?: ContainerShell;

  constructor(
    readonly spec: ServerSpec,
    readonly admin: RunningServer['admin'],
    readonly origin: ServerOrigin,
    private readonly engine: Engine,
    private readonly container: StartedTestContainer,
    private readonly client: ContainerRuntimeClient,
    private readonly live: LiveContainers,
    private readonly signal: AbortSignal,
  ) {}

  get inside(): { host: string; port: number } {
    return { host: '127.0.0.1', port: this.engine.port };
  }

  /** Docker may hand out another host port after a restart. */
  get port(): number {
    return this.container.getMappedPort(this.engine.port);
  }

  /** Streams stdout and stderr from `since` (seconds; 0 = from the start) until the container stops. */
  async attachLog(since = 0): Promise<void> {
    const stream = await this.container.logs({ since });
    const ended = new Promise<void>((resolve) => {
      stream.once('end', resolve);
      stream.once('error', () => resolve());
    });
    this.logStream = { stream, ended };
    stream.on('data', (chunk: string | Buffer) => this.log.write(chunk));
  }

  get containerId(): string {
    return this.container.getId();
  }

  /** The ready line `times` times after `mark`, then a real admin connection (with `password` when the data has another). */
  async waitUntilReady(mark: number, times: number, password?: string): Promise<void> {
    const exited = (this.logStream?.ended ?? new Promise<void>(() => {})).then(() => {
      throw this.notReady('the container exited during start-up', mark);
    });
    exited.catch(() => {});
    try {
      const { line } = this.engine.container.ready;
      // Whichever wins, the deadline stops the other wait from polling on.
      await withDeadline('the ready line', readyTimeoutMs, this.signal, (signal) =>
        Promise.race([this.log.waitFor(line, mark, readyTimeoutMs, signal, times), exited]),
      );
    } catch (error) {
      this.signal.throwIfAborted();
      throw error instanceof InfraError && error.message.startsWith(this.spec.label) ? error : this.notReady(errorMessage(error), mark);
    }
    const connectDeadline = Date.now() + connectTimeoutMs;
    for (;;) {
      this.signal.throwIfAborted();
      try {
        await using _session = await this.engine.admin(this, password);
        return;
      } catch (error) {
        if (Date.now() > connectDeadline) throw this.notReady(`logged ready but refused connections: ${errorMessage(error)}`, mark);
        await sleep(200);
      }
    }
  }

  async restart(): Promise<void> {
    const mark = this.log.mark();
    await this.container.restart({ timeout: restartStopTimeoutMs });
    const startedAt = await this.startedAt();
    await this.attachLog(startedAt);
    // No init server after a restart: the data directory exists.
    await this.waitUntilReady(mark, 1);
  }

  async exec(argv: string[], options?: { signal?: AbortSignal; env?: Record<string, string> }): Promise<ExecResult> {
    options?.signal?.throwIfAborted();
    // The environment travels over the session's stdin (or in the API request), never on a command line.
    this.shell ??= new ContainerShell(this.client.container.getById(this.container.getId()), (command, env) =>
      this.container.exec(command, env ? { env } : {}),
    );
    const shell = this.shell;
    // An abort returns at once and ends the session; what still runs inside goes with the container.
    return withDeadline(`${argv[0] ?? 'exec'} in the container`, execTimeoutMs, options?.signal, (signal) =>
      shell.run(argv, options?.env, signal),
    );
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.logStream?.stream.destroy();
    this.shell?.close();
    await this.live.remove(this.container.getId());
  }

  private async startedAt(): Promise<number> {
    const { container } = this.client;
    const info = await container.inspect(container.getById(this.container.getId()));
    return new Date(info.State.StartedAt).getTime() / 1000;
  }

  private notReady(why: string, mark: number): InfraError {
    const tail = this.log.since(mark).slice(-15).join('\n');
    return new InfraError(`${this.spec.label} did not become ready: ${why}${tail ? `\nlast log lines:\n${tail}` : ''}`);
  }
}
