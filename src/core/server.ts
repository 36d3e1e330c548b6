import type { ServerSpec } from './specs.js';
import type { ServerOrigin } from './report.js';
import type { ServerLog } from './server-log.js';

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunningServer extends AsyncDisposable {
  readonly spec: ServerSpec;
  /** Where clients on this host connect. */
  readonly host: string;
  readonly port: number;
  /** A superuser the harness uses for admin steps. */
  readonly admin: { user: string; password: string; database: string };
  readonly origin: ServerOrigin;
  readonly log: ServerLog;
  restart(): Promise<void>;
  /** The directory of the programs that came with the server's build (local runtime), e.g. its own `mysql` client. */
  readonly buildPrograms?: string;
  /** Where a program started with `exec` reaches the server (inside the container). */
  readonly inside?: { host: string; port: number };
  /**
   * Runs a program next to the server (inside its container), for clients missing on the host.
   * Secrets go in `env`, never in `argv`: a command line is visible to every process.
   */
  exec?(argv: string[], options?: { signal?: AbortSignal; env?: Record<string, string> }): Promise<ExecResult>;
}
