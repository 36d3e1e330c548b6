import type { Project } from '../config/discover.js';
import { silentLogger, type Logger, type RunContext } from '../core/context.js';
import type { CellResult, Report } from '../core/report.js';
import { assertUsableDir } from '../core/usable-dir.js';
import type { Runtime } from '../runtimes/runtime.js';
import { selectRuntime } from '../runtimes/select.js';
import { buildReport, type ReportMeta } from './build-report.js';
import { onInterrupt } from './interrupt.js';
import { createRunContext } from './session.js';

export interface RunSetup {
  /** `auto` (default), `local` or `docker`; compatlab/vitest reads $COMPATLAB_RUNTIME when absent. */
  runtime?: string;
  /** Docker images: `hub`, `lab` or a registry prefix (default: $COMPATLAB_IMAGES or hub). */
  images?: string;
  logger?: Logger;
  /** Abort to stop every server and end the run early. */
  signal?: AbortSignal;
  /** Ctrl-C and SIGTERM abort the run until it is disposed; a second one exits at once. */
  interruptible?: boolean;
  /** Where the reports will be written: made and proved writable before anything starts. */
  reportDir?: string;
  /** The option that named `reportDir`, for messages (`--report-dir out: …`; default `report directory out: …`). */
  reportDirOption?: string;
}

export interface PreparedRun extends AsyncDisposable {
  /** `ctx.signal` aborts on `setup.signal` and, when interruptible, on Ctrl-C. */
  ctx: RunContext;
  runtime: Runtime;
  /** The runtime asked for: `auto`, `local` or `docker`. */
  runtimeChoice: string;
  startedAt: Date;
  /** The report of these results: counts, run metadata, and every secret of the run scrubbed. */
  report(results: CellResult[], matrices: Project | ReportMeta['matrices']): Report;
  /** Waits for the runtime's background work (Ctrl-C still aborts it), then stops listening for Ctrl-C. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** The checks, context and runtime a run needs, shared by `compatlab run`, `compatlab bisect`, `compatlab/vitest` and the API. */
export async function prepareRun(setup: RunSetup = {}): Promise<PreparedRun> {
  const startedAt = new Date();
  const choice = setup.runtime ?? 'auto';
  // A run whose reports cannot be written is a run lost.
  if (setup.reportDir !== undefined) {
    await assertUsableDir(setup.reportDir, `${setup.reportDirOption ?? 'report directory'} ${setup.reportDir}`);
  }
  const logger = setup.logger ?? silentLogger;
  const abort = new AbortController();
  const interrupt = setup.interruptible ? onInterrupt(abort, logger) : undefined;
  const dispose = () => interrupt?.[Symbol.dispose]();
  try {
    const ctx = createRunContext(logger, setup.signal ? AbortSignal.any([setup.signal, abort.signal]) : abort.signal);
    const runtime = await selectRuntime(choice, ctx, { images: setup.images });
    // Local binaries and data directory templates live in the cache.
    if (choice !== 'docker') await assertUsableDir(ctx.cacheDir, `cache directory ${ctx.cacheDir} (COMPATLAB_CACHE_DIR)`);
    return {
      ctx,
      runtime,
      runtimeChoice: choice,
      startedAt,
      report: (results, matrices) =>
        buildReport(results, {
          startedAt,
          finishedAt: new Date(),
          runtime: choice,
          matrices: Array.isArray(matrices) ? matrices : matrices.matrices.map((m) => ({ file: m.file, title: m.value.title })),
          secrets: ctx.secrets,
        }),
      [Symbol.asyncDispose]: async () => {
        try {
          await runtime[Symbol.asyncDispose]();
        } finally {
          dispose();
        }
      },
    };
  } catch (error) {
    dispose();
    throw error;
  }
}
