import { execa, type ResultPromise } from 'execa';
import { withDeadline } from '../../core/deadline.js';
import { InfraError, errorMessage } from '../../core/errors.js';
import type { ServerLog } from '../../core/server-log.js';
import { guarded } from './orphan-guard.js';

const readyLine = /database system is ready to accept connections/;
const startTimeoutMs = 30_000;
const stopTimeoutMs = 10_000;

/** One postmaster: started, restarted on the same port and data directory, stopped. */
export class PostgresProcess {
  private process?: ResultPromise;

  constructor(
    private readonly binary: string,
    private readonly args: string[],
    /** The run's directory (data directory, socket, TLS files): removed if compatlab dies with the server up. */
    private readonly root: string,
    private readonly owner: { uid: number; gid: number } | undefined,
    private readonly log: ServerLog,
    private readonly signal: AbortSignal,
  ) {}

  async start(): Promise<void> {
    // An interrupted run starts no server: one stopped in its first milliseconds may miss the signal.
    this.signal.throwIfAborted();
    const mark = this.log.mark();
    const [sh, argv] = guarded(this.root, [this.binary, ...this.args]);
    const child = execa(sh, argv, {
      uid: this.owner?.uid,
      gid: this.owner?.gid,
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
        `postgres exited during start-up (${result.exitCode ?? result.signal}):\n${this.log.since(mark).slice(-10).join('\n')}`,
      );
    });
    exited.catch(() => {});
    try {
      // Whichever wins, the deadline stops the other wait from polling on.
      await withDeadline('postgres start-up', startTimeoutMs, this.signal, (signal) =>
        Promise.race([this.log.waitFor(readyLine, mark, startTimeoutMs, signal), exited]),
      );
    } catch (error) {
      await this.stop();
      if (error instanceof InfraError && error.message.startsWith('postgres exited')) throw error;
      throw new InfraError(`postgres did not become ready: ${errorMessage(error)}\n${this.log.since(mark).slice(-10).join('\n')}`, {
        cause: error,
      });
    }
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Fast shutdown (SIGINT), then an immediate one (SIGQUIT) if it hangs; the guard passes both on. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = (ms: number) =>
      withDeadline('postgres shutdown', ms, undefined, () => child).then(
        () => true,
        () => false,
      );
    child.kill('SIGINT');
    if (await exited(stopTimeoutMs)) return;
    child.kill('SIGQUIT');
    if (await exited(stopTimeoutMs)) return;
    // The guard itself hangs: its stdin's end still stops the server (orphan-guard.ts).
    child.stdin?.destroy();
    child.kill('SIGKILL');
    await child;
  }
}
