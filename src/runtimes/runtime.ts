import type { ServerSpec } from '../core/specs.js';
import type { RunContext } from '../core/context.js';
import type { RunningServer } from '../core/server.js';

export type { ExecResult, RunningServer } from '../core/server.js';

export type RuntimeName = 'local' | 'docker';

export interface Runtime extends AsyncDisposable {
  readonly name: RuntimeName;
  /** Starts a server and waits until it accepts connections. Throws SkipError when it cannot run here. */
  start(spec: ServerSpec, ctx: RunContext): Promise<RunningServer>;
  /** Ends the runtime's own background work (not its servers: each is disposed by itself), once a run is over. */
  [Symbol.asyncDispose](): Promise<void>;
}
