import { execa, type ResultPromise } from 'execa';
import { withDeadline } from '../../core/deadline.js';
import { InfraError, errorMessage } from '../../core/errors.js';
import type { ProcessOwner } from '../../core/engine.js';
import type { ServerLog } from '../../core/server-log.js';
import { guarded } from './orphan-guard.js';

const startTimeoutMs = 60_000;
const stopTimeoutMs = 10_000;

export interface ServerProcessOptions {
  /** For messages: `postgres`, `mysql`. */
  name: string;
  program: string;
  args: string[];
  /** The run's directory (data directory, socket, TLS files): removed if compatlab dies with the server up. */
  root: string;
  owner: ProcessOwner | undefined;
  ready: RegExp;
  stopSignal: NodeJS.Signals;
}

/** One server process: started, restarted on the same port and data directory, stopped. */
export class ServerProcess {
  private process?: ResultPromise;

  constructor(
    private readonly options: ServerProcessOptions,
    private readonly log: ServerLog,
    private readonly signal: AbortSignal,
  ) {}

  async start(): Promise<void> {
    // An interrupted run starts no server: one stopped in its first milliseconds may miss the signal.
    this.signal.throwIfAborted();
    const { name, program, args, root, owner, ready, stopSignal } = this.options;
    const mark = this.log.mark();
    const [sh, argv] = guarded(root, stopSignal, [program, ...args]);
    const child = execa(sh, argv, {
      uid: owner?.uid,
      gid: owner?.gid,
      env: { LC_ALL: 'C' },
      // Held open, never written: its end tells the guard compatlab is gone (orphan-guard.ts).
      stdin: 'pipe',
      buffer: false,
      reject: false,
      // execa kills the server if compatlab itself exits without stopping it.
      cleanup: true,
    });
    this.process = child;
    child.stdout?.on('data', (chunk: Buffer) => this.log.write(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.log.write(chunk));
    const exited = child.then((result) => {
      throw new InfraError(
        `${name} exited during start-up (${result.exitCode ?? result.signal}):\n${this.log.since(mark).slice(-10).join('\n')}`,
      );
    });
    exited.catch(() => {});
    try {
      // Whichever wins, the deadline stops the other wait from polling on.
      await withDeadline(`${name} start-up`, startTimeoutMs, this.signal, (signal) =>
        Promise.race([this.log.waitFor(ready, mark, startTimeoutMs, signal), exited]),
      );
    } catch (error) {
      await this.stop();
      if (error instanceof InfraError && error.message.startsWith(`${name} exited`)) throw error;
      throw new InfraError(`${name} did not become ready: ${errorMessage(error)}\n${this.log.since(mark).slice(-10).join('\n')}`, {
        cause: error,
      });
    }
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** The engine's stop signal (a postmaster's fast shutdown), then SIGQUIT (its immediate one) if it hangs; the guard passes both on. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = (ms: number) =>
      withDeadline(`${this.options.name} shutdown`, ms, undefined, () => child).then(
        () => true,
        () => false,
      );
    child.kill(this.options.stopSignal);
    if (await exited(stopTimeoutMs)) return;
    child.kill('SIGQUIT');
    if (await exited(stopTimeoutMs)) return;
    // The guard itself hangs: its stdin's end still stops the server (orphan-guard.ts).
    child.stdin?.destroy();
    child.kill('SIGKILL');
    await child;
  }
}
