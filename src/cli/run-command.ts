import path from 'node:path';
import pc from 'picocolors';
import { loadProject } from '../config/discover.js';
import { UsageError } from '../core/errors.js';
import { expandPlan } from '../plan/expand.js';
import { buildReport } from '../runner/build-report.js';
import type { CellResult, CellStatus } from '../core/report.js';
import { writeReports } from '../reporters/write.js';
import { createRunContext } from '../runner/session.js';
import { runPlan, type RunEvent } from '../runner/run-plan.js';
import { selectRuntime } from '../runtimes/select.js';
import { terminalLogger } from './terminal-logger.js';
import { onInterrupt } from './interrupt.js';

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
  /** How many servers run at once. */
  jobs?: number;
}

const statusColour: Record<CellStatus, (text: string) => string> = {
  pass: pc.green,
  fail: pc.red,
  'known-fail': pc.yellow,
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

  const logger = terminalLogger();
  const abort = new AbortController();
  using _interrupt = onInterrupt(abort, logger);
  const ctx = createRunContext(logger, abort.signal);
  const runtime = await selectRuntime(options.runtime, ctx, { images: options.images });
  logger.info(`${plan.cells.length} cells on ${plan.groups.length} servers (runtime: ${runtime.name})`);

  const startedAt = new Date();
  let results: CellResult[] = [];
  try {
    results = await runPlan(plan, { runtime, ctx, jobs: options.jobs, onEvent: (event) => printEvent(event, logger) });
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  }
  const report = buildReport(results, {
    startedAt,
    finishedAt: new Date(),
    runtime: options.runtime,
    matrices: project.matrices.map((m) => ({ file: m.file, title: m.value.title })),
    secrets: ctx.secrets,
  });
  const dir = options.reportDir ?? path.join('reports', startedAt.toISOString().replace(/[:.]/g, '-'));
  const { written, failures } = await writeReports(report, dir, {
    latestLink: options.reportDir ? undefined : path.join('reports', 'latest'),
  });
  for (const failure of failures) logger.warn(`could not write the ${failure.format} report: ${String(failure.error)}`);

  const s = report.summary;
  logger.info(
    `\n${s.total} cells: ${s.pass} pass, ${s['known-fail']} known-fail, ${s.fail} fail, ${s.error} error, ${s.skipped} skipped` +
      `${abort.signal.aborted ? pc.yellow(' (interrupted)') : ''}\nreports: ${written.map((f) => path.relative(process.cwd(), f)).join(', ')}`,
  );
  if (abort.signal.aborted) return 130;
  return s.fail + s.error > 0 ? 1 : 0;
}

function printEvent(event: RunEvent, logger: ReturnType<typeof terminalLogger>): void {
  switch (event.type) {
    case 'server-starting':
      logger.progress(`starting ${event.label} (${event.runtime})…`);
      break;
    case 'server-ready':
      logger.info(pc.dim(`${event.label} ready in ${(event.ms / 1000).toFixed(1)} s: ${event.versionString}`));
      break;
    case 'cell-done': {
      const { result, done, total } = event;
      const status = statusColour[result.status](result.status.padEnd(10));
      const why = result.status === 'pass' ? '' : pc.dim(`  ${result.reason ?? ''}`);
      logger.info(
        `[${String(done).padStart(String(total).length)}/${total}] ${status} ${result.id} ${pc.dim(`${result.durationMs} ms`)}${why}`,
      );
      break;
    }
  }
}
