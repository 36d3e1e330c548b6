import type { ServerSpec } from '../plan/plan.js';
import type { ServerOrigin } from '../report/report.js';
import type { RunContext } from '../runner/context.js';
import type { ServerLog } from './server-log.js';

export type RuntimeName = 'local' | 'docker';

export interface Runtime {
  readonly name: RuntimeName;
  /** Starts a server and waits until it accepts connections. Throws SkipError when it cannot run here. */
  start(spec: ServerSpec, ctx: RunContext): Promise<RunningServer>;
}

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
  /**
   * Runs a program next to the server (inside its container), for clients missing on the host.
   * Secrets go in `env`, never in `argv`: a command line is visible to every process.
   */
  exec?(argv: string[], options?: { signal?: AbortSignal; env?: Record<string, string> }): Promise<ExecResult>;
}
