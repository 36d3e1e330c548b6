import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../config/discover.js';
import { matrixFiles } from '../config/matrix-files.js';
import { expandPlan, type PlanFilters } from '../plan/expand.js';
import { writeReports } from '../reporters/write.js';
import { prepareRun, type PreparedRun, type RunSetup } from '../runner/prepare-run.js';
import { ServerPool } from '../runner/server-pool.js';
import { scrubText } from '../core/secrets.js';
import { RunRecorder } from '../runner/run-report.js';
import { skipFailsHere } from './ci.js';
import { explainCell } from './explain.js';

export interface MatricesOptions extends Pick<RunSetup, 'runtime' | 'images'>, PlanFilters {
  /** Matrix files or globs (default `matrix/*.yaml`). */
  matrices?: string | string[];
  /** Where scenario files are (default `scenarios`). */
  scenariosDir?: string;
  /** Where the reports of the cells that ran are written at the end (default `reports/test`); `false` for none. */
  reportDir?: string | false;
  /** The name of the enclosing `describe` (default `compatlab`). */
  name?: string;
  /** Per cell, including a server start and a first download of its binaries (default 300 000 ms). */
  timeout?: number;
}

/**
 * Declares one test per matrix cell, named `server/client/scenario` so `vitest -t` selects cells. Skipped cells
 * are skipped with their reason, except that under `CI=true` a cell this machine lacks a tool for fails
 * (`skipFailsHere`); a known failure passes while it fails the known way. A server starts with the
 * first cell that needs it and stops after its group, also when a filter selected only a few cells.
 */
export function describeMatrices(options: MatricesOptions = {}): void {
  describe(options.name ?? 'compatlab', async () => {
    const patterns = [options.matrices ?? 'matrix/*.yaml'].flat();
    const project = await loadProject(await matrixFiles(patterns), options.scenariosDir);
    const plan = expandPlan(project.matrices, project.scenarios, options);
    const abort = new AbortController();
    const timeout = options.timeout ?? 300_000;
    let started: Promise<{ run: PreparedRun; pool: ServerPool; recorder: RunRecorder }> | undefined;
    // The runtime is chosen when the first cell runs: a filter that selects no cell starts nothing.
    const reportDir = options.reportDir === false ? undefined : (options.reportDir ?? 'reports/test');
    const session = () =>
      (started ??= prepareRun({
        runtime: options.runtime ?? process.env.COMPATLAB_RUNTIME,
        images: options.images,
        signal: abort.signal,
        reportDir,
      }).then((run) => {
        // The same report as `compatlab run` writes, from the cells that ran.
        const recorder = new RunRecorder(run, { project, plan, journalDir: reportDir });
        const pool = new ServerPool(run.runtime, run.ctx, (event) => {
          if (event.type === 'note') recorder.note(event.message);
        });
        return { run, pool, recorder };
      }));

    // Vitest stops its workers with a signal on Ctrl-C: stop the servers first.
    const onSignal = () => {
      abort.abort(new Error('interrupted'));
      void started
        ?.then(async ({ run, pool }) => {
          await pool[Symbol.asyncDispose]();
          await run[Symbol.asyncDispose]();
        })
        .finally(() => process.exit(130));
    };
    process.once('SIGINT', onSignal).once('SIGTERM', onSignal);

    afterAll(async () => {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      if (!started) return;
      const { run, pool, recorder } = await started;
      await pool[Symbol.asyncDispose]();
      await run[Symbol.asyncDispose]();
      if (reportDir === undefined) return;
      await writeReports(recorder.report({ onlyRan: true }), reportDir);
    }, timeout);

    for (const group of plan.groups) {
      describe(group.server.label, () => {
        afterAll(async () => {
          if (started) await (await started).pool.release(group.server.key);
        }, timeout);
        for (const cell of group.cells) {
          const position = plan.cells.indexOf(cell);
          it(cell.id, { timeout }, async (test) => {
            const { run, pool, recorder } = await session();
            const result = await pool.run(cell);
            recorder.record(result, position);
            // Reasons and server log lines may quote a password.
            const scrub = (text: string) => scrubText(text, run.ctx.secrets);
            if (skipFailsHere(result)) throw new Error(`this machine lacks what the cell needs (CI=true): ${scrub(result.reason ?? '')}`);
            if (result.status === 'skipped') test.skip(result.reason && scrub(result.reason));
            expect(result.status, scrub(explainCell(result))).toMatch(/^(pass|known-fail)$/);
          });
        }
      });
    }
  });
}
