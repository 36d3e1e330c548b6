import type { Project } from '../config/discover.js';
import { silentLogger, type Logger, type RunContext } from '../core/context.js';
import type { CellResult, Report } from '../core/report.js';
import type { Runtime } from '../runtimes/runtime.js';
import { selectRuntime } from '../runtimes/select.js';
import { buildReport } from './build-report.js';
import { createRunContext } from './session.js';

export interface RunSetup {
  /** `auto` (default), `local` or `docker`; compatlab/vitest reads $COMPATLAB_RUNTIME when absent. */
  runtime?: string;
  /** Docker images: `hub`, `lab` or a registry prefix (default: $COMPATLAB_IMAGES or hub). */
  images?: string;
  logger?: Logger;
  /** Abort to stop every server and end the run early. */
  signal?: AbortSignal;
}

export interface PreparedRun extends AsyncDisposable {
  ctx: RunContext;
  runtime: Runtime;
  startedAt: Date;
  /** The report of these results: counts, run metadata, and every secret of the run scrubbed. */
  report(results: CellResult[], project: Project): Report;
  /** Ends the runtime's background work; after the servers stopped. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** The context and runtime a run needs, shared by `compatlab run`, `compatlab/vitest` and the API. */
export async function prepareRun(setup: RunSetup = {}): Promise<PreparedRun> {
  const ctx = createRunContext(setup.logger ?? silentLogger, setup.signal ?? new AbortController().signal);
  const runtime = await selectRuntime(setup.runtime ?? 'auto', ctx, { images: setup.images });
  const startedAt = new Date();
  return {
    ctx,
    runtime,
    startedAt,
    report: (results, project) =>
      buildReport(results, {
        startedAt,
        finishedAt: new Date(),
        runtime: runtime.name,
        matrices: project.matrices.map((m) => ({ file: m.file, title: m.value.title })),
        secrets: ctx.secrets,
      }),
    [Symbol.asyncDispose]: () => runtime[Symbol.asyncDispose](),
  };
}
