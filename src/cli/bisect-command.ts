import path from 'node:path';
import pc from 'picocolors';
import { bisectVersions, type SearchResult } from '../bisect/search.js';
import { parseBound, publishedVersions, versionsBetween } from '../bisect/versions.js';
import { probeVersion, type Probe } from '../bisect/probe.js';
import { loadProject } from '../config/discover.js';
import { UsageError } from '../core/errors.js';
import type { BisectResult, CellResult } from '../core/report.js';
import { prepareCliRun } from './cli-run.js';
import { saveReports } from './save-reports.js';

export interface BisectCommandOptions {
  scenario: string;
  client?: string;
  between: string[];
  runtime: string;
  images?: string;
  scenariosDir: string;
  reportDir?: string;
}

/** Exit codes as `git bisect run` reads them: 0 found, 125 the answer hides behind versions that could not run, 1 no answer. */
export async function bisectCommand(matrixFiles: string[], options: BisectCommandOptions): Promise<number> {
  if (options.between.length !== 2) throw new UsageError('--between needs two versions: --between postgres@15.6 postgres@15.8');
  const [from, to] = options.between.map(parseBound) as [ReturnType<typeof parseBound>, ReturnType<typeof parseBound>];
  if (from.engine !== to.engine) throw new UsageError(`--between: both bounds must be of one engine (${from.engine}, ${to.engine})`);
  const project = await loadProject(matrixFiles, options.scenariosDir);
  const { run: prepared, dir, logger } = await prepareCliRun(options, 'bisect-');
  await using run = prepared;
  const versions = versionsBetween(await publishedVersions(from.engine, run.ctx), from.version, to.version);
  logger.info(
    `bisect ${options.scenario} between ${from.engine}@${from.version} and ${to.engine}@${to.version}: ${versions.length} versions (${versions.join(', ')})`,
  );

  const probes = new Map<string, Probe>();
  const target = { ...project, scenario: options.scenario, client: options.client };
  const result = await bisectVersions(versions, async (version) => {
    run.ctx.signal.throwIfAborted();
    const server = `${from.engine}@${version}`;
    logger.progress(`probing ${server}…`);
    const probe = await probeVersion(target, server, run);
    probes.set(version, probe);
    const colour = { good: pc.green, bad: pc.red, skip: pc.dim }[probe.verdict];
    logger.info(`${server.padEnd(16)} ${colour(probe.verdict.padEnd(4))} (${probe.cell.status}) ${pc.dim(probe.evidence)}`);
    return probe.verdict;
  }).catch((error: unknown): SearchResult => {
    // Ctrl-C: the probes that finished are still written, and the exit status says interrupted.
    if (run.ctx.signal.aborted) return { kind: 'no-answer', reason: 'interrupted' };
    throw error;
  });
  const answer = describe(result, from.engine);
  logger.info(answer);

  const cells: CellResult[] = [...probes.values()].map((p) => p.cell);
  const bisect: BisectResult = {
    scenario: options.scenario,
    client: cells[0]?.client.label ?? options.client ?? '',
    versions: versions.map((v) => `${from.engine}@${v}`),
    probes: [...probes.values()].map((p) => ({
      server: p.cell.server.label,
      verdict: p.verdict,
      status: p.cell.status,
      evidence: p.evidence,
    })),
    answer,
    ...(result.kind === 'first-bad' || result.kind === 'fixed-in'
      ? { found: { kind: result.kind, server: `${from.engine}@${result.version}` } }
      : {}),
  };
  const report = run.report(
    cells,
    [...new Set(cells.map((c) => c.matrixFile))].map((file) => ({ file, title: `bisect ${options.scenario}: ${answer}` })),
  );
  report.bisect = bisect;
  const saved = await saveReports(report, dir, undefined, logger);
  logger.info(pc.dim(`reports: ${saved.written.map((f) => path.relative(process.cwd(), f)).join(', ') || 'none'}`));
  if (run.ctx.signal.aborted) return 130;
  if (!saved.ok) return 2;
  return result.kind === 'skipped' ? 125 : result.kind === 'no-answer' ? 1 : 0;
}

function describe(result: SearchResult, engine: string): string {
  switch (result.kind) {
    case 'first-bad':
      return `first bad: ${engine}@${result.version}`;
    case 'fixed-in':
      return `fixed in: ${engine}@${result.version}`;
    case 'skipped':
      return `no single answer (${result.reason}): one of ${result.candidates.map((v) => `${engine}@${v}`).join(', ')}`;
    case 'no-answer':
      return `no answer: ${result.reason}`;
  }
}
