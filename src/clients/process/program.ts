import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { InfraError } from '../../core/errors.js';

export interface ProgramCommand {
  /** The program and its arguments; never a secret (argv is visible to every user of the machine). */
  command: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Keep a started spare of this program for the next cell (src/clients/process/spare-programs.ts). */
  spare?: boolean;
}

const stderrLimit = 16_000;

/**
 * A client program that answers one line per request line. It runs in its own process group, so
 * killing it also kills what it started (a shell script's `java`), and is killed on timeout and abort.
 */
export class Program {
  private readonly child: ChildProcess;
  private readonly lines: string[] = [];
  private waiting: (() => void) | undefined;
  private stderrText = '';
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private spawnError: Error | undefined;
  readonly exited: Promise<void>;

  constructor(private readonly spec: ProgramCommand) {
    const [file, ...args] = spec.command;
    this.child = spawn(file!, args, { cwd: spec.cwd, env: spec.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    this.child.stdin!.on('error', () => {}); // a program that exits early closes its stdin: the exit explains it
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderrText = (this.stderrText + chunk).slice(-stderrLimit);
    });
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      this.lines.push(line);
      this.wake();
    });
    this.exited = new Promise((resolve) => {
      this.child.on('error', (error) => {
        this.spawnError = error;
        this.exit ??= { code: null, signal: null };
        this.wake();
        resolve();
      });
      this.child.on('close', (code, signal) => {
        this.exit = { code, signal };
        this.wake();
        resolve();
      });
    });
  }

  /** Whether this program keeps compatlab's process alive: a spare waiting for a cell must not. */
  holdsProcess(hold: boolean): void {
    const handles = [this.child, this.child.stdin, this.child.stdout, this.child.stderr] as ({ ref(): void; unref(): void } | null)[];
    for (const handle of handles) {
      if (hold) handle?.ref();
      else handle?.unref();
    }
  }

  /** It ended by itself with exit code 0 (e.g. after its stdin closed). */
  get exitedCleanly(): boolean {
    return this.exit?.code === 0 && !this.spawnError;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  get stderr(): string {
    return this.stderrText.trim();
  }

  /** Writes one line and waits for the next line of output; throws InfraError when none comes. */
  async ask(line: string, signal: AbortSignal): Promise<string> {
    this.child.stdin!.write(`${line}\n`);
    while (this.lines.length === 0) {
      if (this.exit) throw new InfraError(`${this.describe()} ${this.exitText()} before answering${this.stderrNote()}`);
      if (signal.aborted) {
        await this.kill();
        const timedOut = signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError';
        if (!timedOut) throw signal.reason;
        throw new InfraError(`${this.describe()} did not answer in time and was killed${this.stderrNote()}`);
      }
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
      this.waiting = undefined;
    }
    return this.lines.shift()!;
  }

  /** Kills the program and everything in its process group, and waits until it is gone. */
  async kill(): Promise<void> {
    if (this.child.pid !== undefined) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        // The group is gone already.
      }
    }
    await this.exited;
  }

  /** Closes its stdin (the program's cue to exit), then kills it if it has not gone within `graceMs`. */
  async close(graceMs = 2000): Promise<void> {
    this.child.stdin!.end();
    const timer = setTimeout(() => void this.kill(), graceMs);
    await this.exited;
    clearTimeout(timer);
    await this.kill(); // whatever it left behind in its process group goes with it
  }

  describe(): string {
    return `client program \`${this.spec.command.join(' ')}\``;
  }

  exitText(): string {
    if (this.spawnError) return `could not be started (${this.spawnError.message})`;
    return this.exit?.signal ? `was killed by ${this.exit.signal}` : `exited with code ${this.exit?.code}`;
  }

  stderrNote(): string {
    return this.stderr ? `; its stderr:\n${this.stderr}` : '; it wrote nothing to stderr';
  }

  private wake(): void {
    this.waiting?.();
  }
}
