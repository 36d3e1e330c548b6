import type { ServerSpec } from '../core/specs.js';
import type { RunContext } from '../core/context.js';
import type { RunningServer } from '../core/server.js';

export type { ExecResult, RunningServer } from '../core/server.js';

export type RuntimeName = 'local' | 'docker';

export interface Runtime {
  readonly name: RuntimeName;
  /** Starts a server and waits until it accepts connections. Throws SkipError when it cannot run here. */
  start(spec: ServerSpec, ctx: RunContext): Promise<RunningServer>;
}
