import path from 'node:path';
import pc from 'picocolors';
import { loadProject } from '../config/discover.js';
import { UsageError } from '../core/errors.js';
import { expandPlan } from '../plan/expand.js';
import type { CellStatus } from '../core/report.js';
import { prepareCliRun } from './cli-run.js';
import type { RunEvent } from '../runner/run-plan.js';
import { runToReport } from '../runner/run-report.js';
import { repeatPlan } from '../runner/repeat.js';
import { terminalLogger } from './terminal-logger.js';
import { saveReports } from './save-reports.js';
import { completeInterruptedRuns } from './interrupted-runs.js';
import { diffReports } from '../history/diff.js';
import { diffTerminal } from '../reporters/diff-format.js';
import { loadReport } from '../history/load-report.js';
import { parseShard, shardPlan } from '../plan/shard.js';
import { reportKnownFailures } from './known-failures-output.js';
import { rerunCommand } from './rerun.js';
import { skippedByReason, uncheckedKnownFailureLine } from '../reporters/format.js';

export interface RunCommandOptions {
  runtime: string;
  /** Where docker images come from: hub, lab or a registry prefix. */
  images?: string;
  server?: string[];
  scenario?: string[];
  client?: string[];
  cell?: string[];
  reportDir?: string;
  scenariosDir: string;
  repeat?: number;
  freshServer?: boolean;
  baseline?: string;
  shard?: string;
  updateKnown?: boolean;
  /** How many servers run at once. */
  jobs?: number;
  /** A skipped cell makes the exit code non-zero. */
  strict?: boolean;
}

const statusColour: Record<CellStatus, (text: string) => string> = {
  pass: pc.green,
  fail: pc.red,
  'known-fail': pc.yellow,
  flaky: pc.red,
  error: pc.magenta,
  skipped: pc.dim,
};

export async function runCommand(matrixFiles: string[], options: RunCommandOptions): Promise<number> {
  const project = await loadProject(matrixFiles, options.scenariosDir);
  const plan = expandPlan(project.matrices, project.scenarios, {
    servers: options.server,
    scenarios: options.scenario,
    clients: options.client,
    cells: options.cell,
  });
  if (plan.cells.length === 0) throw new UsageError('no cell matches the given matrices and filters; try `compatlab list`');
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  const baseline = options.baseline === undefined ? undefined : await loadReport(options.baseline);
  const mine = shard ? shardPlan(plan, shard) : plan;
  const repeat = options.repeat ?? 1;

  const { run: prepared, dir, logger } = await prepareCliRun(options);
  await using run = prepared;
  if (!options.reportDir) await completeInterruptedRuns(path.dirname(dir), logger);
  const { ctx } = run;
  const shardNote = shard ? `, shard ${shard.index}/${shard.count} of ${plan.cells.length}` : '';
  const repeatNote = repeat > 1 ? `, each ${repeat} times${options.freshServer ? ' on a fresh server' : ''}` : '';
  logger.info(
    `${mine.cells.length} cells on ${repeatPlan(mine, repeat, options.freshServer ?? false).groups.length} servers (runtime: ${run.runtime.name}${shardNote}${repeatNote})`,
  );

  const report = await runToReport(run, {
    project,
    plan,
    shard,
    repeat: { runs: repeat, freshServer: options.freshServer ?? false },
    jobs: options.jobs,
    journalDir: dir,
    rerun: (cell) => rerunCommand(cell, options),
    serversReplacedBy: options.server,
    onEvent: (event) => printEvent(event, logger),
  });
  if (baseline) report.baseline = diffReports(baseline, report, options.baseline!);
  const saved = await saveReports(report, dir, options.reportDir ? undefined : path.join('reports', 'latest'), logger);

  if (!ctx.signal.aborted) await reportKnownFailures(project.matrices, report.cells, options.updateKnown ?? false, logger);
  for (const group of skippedByReason(report.cells)) {
    logger.info(pc.dim(`skipped ${group.cells.length} ${group.cells.length === 1 ? 'cell' : 'cells'}: ${group.reason}`));
  }
  for (const known of report.uncheckedKnownFailures ?? []) logger.warn(uncheckedKnownFailureLine(known));
  for (const note of report.notes ?? []) logger.warn(`note: ${note}`);
  if (report.baseline) logger.info(`\n${diffTerminal(report.baseline)}`);
  const s = report.summary;
  const strict = options.strict === true || project.matrices.some((m) => m.value.strict);
  logger.info(
    `\n${s.total} cells: ${s.pass} pass, ${s['known-fail']} known-fail, ${s.fail} fail, ${s.flaky} flaky, ${s.error} error, ${s.skipped} skipped` +
      `${ctx.signal.aborted ? pc.yellow(' (interrupted)') : ''}\nreports: ${saved.written.map((f) => path.relative(process.cwd(), f)).join(', ') || 'none'}`,
  );
  if (ctx.signal.aborted) return 130;
  if (!saved.ok) {
    logger.warn(`the reports in ${dir} are incomplete; the results above are all that is left of this run`);
    return 2;
  }
  if (s.fail + s.flaky + s.error > 0) return 1;
  if (strict && s.skipped > 0) {
    logger.warn(`strict: ${s.skipped} ${s.skipped === 1 ? 'cell was' : 'cells were'} skipped`);
    return 1;
  }
  return 0;
}

function printEvent(event: RunEvent, logger: ReturnType<typeof terminalLogger>): void {
  switch (event.type) {
    case 'server-starting':
      logger.progress(`starting ${event.label} (${event.runtime})…`);
      break;
    case 'server-ready':
      logger.info(pc.dim(`${event.label} ready in ${(event.ms / 1000).toFixed(1)} s: ${event.versionString}`));
      break;
    case 'note':
      break;
    case 'cell-done': {
      const { result, done, total } = event;
      const status = statusColour[result.status](result.status.padEnd(10));
      // Skipped cells are listed once per reason at the end.
      const why = result.status === 'pass' || result.status === 'skipped' ? '' : pc.dim(`  ${result.reason ?? ''}`);
      logger.info(
        `[${String(done).padStart(String(total).length)}/${total}] ${status} ${result.id} ${pc.dim(`${result.durationMs} ms`)}${why}`,
      );
      break;
    }
  }
}
