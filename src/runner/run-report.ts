/**
 * The one path from a run to its report, for `compatlab run`, `compatlab/vitest` and the API alike. It cannot
 * lose the run: each result goes to the journal (`cells.jsonl`) as its cell finishes, a failure beside the
 * cells (a server that cannot be removed) is a note, and the report holds every planned cell.
 */
import type { Project } from '../config/discover.js';
import { cellKey } from '../core/cell-identity.js';
import { errorMessage } from '../core/errors.js';
import type { CellResult, Report, UncheckedKnownFailure } from '../core/report.js';
import type { Plan } from '../plan/plan.js';
import { shardPlan, type Shard } from '../plan/shard.js';
import { buildReport, scrubSecrets, skippedWhy } from './build-report.js';
import { cellResult } from './cell-result.js';
import { Journal, type JournalContents } from './journal.js';
import type { PreparedRun } from './prepare-run.js';
import { foldRepeats, repeatPlan } from './repeat.js';
import { runPlan, type RunEvent } from './run-plan.js';

export interface ReportedRunOptions {
  project: Project;
  /** Every cell the matrices and filters give; a shard runs its share of them. */
  plan: Plan;
  shard?: Shard;
  /** `--repeat N`: each cell N times, folded into one result when N > 1. */
  repeat?: { runs: number; freshServer: boolean };
  /** How many servers run at once. */
  jobs?: number;
  /** Where `cells.jsonl` is written as cells finish (the report directory); none when absent. */
  journalDir?: string;
  /** The command that re-runs a cell (default: `npx compatlab run MATRIX --cell ID`). */
  rerun?: (cell: CellResult) => string;
  serversReplacedBy?: string[];
  onEvent?: (event: RunEvent) => void;
}

/** Runs the plan (or its shard) and returns its report; an interrupt returns the report of what finished. */
export async function runToReport(run: PreparedRun, options: ReportedRunOptions): Promise<Report> {
  const recorder = new RunRecorder(run, options);
  const runs = options.repeat?.runs ?? 1;
  try {
    await runPlan(repeatPlan(recorder.plan, runs, options.repeat?.freshServer ?? false), {
      ...run,
      jobs: options.jobs,
      onResult: (result, position) => recorder.record(result, position),
      onEvent: (event) => {
        if (event.type === 'note') recorder.note(event.message);
        options.onEvent?.(event);
      },
    });
  } catch (error) {
    if (!run.ctx.signal.aborted) recorder.note(`the run stopped early: ${errorMessage(error)}`);
  }
  return recorder.report();
}

/** Collects a run's results as they come (from `runPlan` or one `ServerPool.run` at a time) and makes its report. */
export class RunRecorder {
  /** The cells this run has: the plan, or the shard's share of it. */
  readonly plan: Plan;
  readonly #results = new Map<number, CellResult>();
  readonly #journalled = new WeakSet<CellResult>();
  readonly #notes: string[] = [];
  readonly #journal?: Journal;

  constructor(
    private readonly run: PreparedRun,
    private readonly options: ReportedRunOptions,
  ) {
    this.plan = options.shard ? shardPlan(options.plan, options.shard) : options.plan;
    if (options.journalDir !== undefined) {
      this.#journal = new Journal(options.journalDir, {
        type: 'run',
        startedAt: run.startedAt.toISOString(),
        pid: process.pid,
        runtime: run.runtimeChoice,
        matrices: matrixTitles(options.project),
        ...this.#extras(),
        planned: this.plan.cells.map((cell) => this.#withRerun(cellResult(cell, { status: 'skipped', reason: 'not run' }))),
      });
    }
  }

  /** A finished cell (`position`: its place in the plan that ran, repetitions included). */
  record(result: CellResult, position: number): void {
    this.#results.set(position, result);
    // A skipped cell's repetitions are the same result, not run again.
    if (this.#journalled.has(result)) return;
    this.#journalled.add(result);
    this.#journal?.cell(position, scrubSecrets(result, this.run.ctx.secrets));
  }

  note(message: string): void {
    this.#notes.push(message);
    this.#journal?.note(scrubSecrets(message, this.run.ctx.secrets));
  }

  /** `onlyRan`: leave out the cells that did not run (vitest with a filter) instead of listing them as not run. */
  report({ onlyRan = false } = {}): Report {
    const interrupted = this.run.ctx.signal.aborted;
    const results = [...this.#results.entries()].sort(([a], [b]) => a - b).map(([, r]) => r);
    const ran = new Set(results.map(cellKey));
    const planned = this.plan.cells
      .filter((cell) => !onlyRan || ran.has(cellKey(cell)))
      .map((cell) => cellResult(cell, { status: 'skipped', reason: 'not run' }));
    const notRun = interrupted
      ? { status: 'skipped' as const, why: 'interrupted' }
      : { status: 'error' as const, why: 'the run stopped early' };
    const cells = assembleCells(planned, results, this.options.repeat?.runs ?? 1, notRun).map((c) => this.#withRerun(c));
    const report = this.run.report(cells, this.options.project);
    Object.assign(report, this.#extras());
    const unchecked = uncheckedKnownFailures(this.plan, cells, this.options.project);
    if (unchecked.length > 0) report.uncheckedKnownFailures = unchecked;
    if (this.#notes.length > 0) report.notes = scrubSecrets([...this.#notes], this.run.ctx.secrets);
    return report;
  }

  #extras(): Pick<Report, 'repeat' | 'shard' | 'serversReplacedBy'> {
    const { repeat, shard, plan, serversReplacedBy } = this.options;
    return {
      ...(repeat && repeat.runs > 1 ? { repeat } : {}),
      ...(shard ? { shard: { ...shard, cells: plan.cells.map(cellKey) } } : {}),
      ...(serversReplacedBy ? { serversReplacedBy } : {}),
    };
  }

  #withRerun(cell: CellResult): CellResult {
    return this.options.rerun ? { ...cell, rerun: this.options.rerun(cell) } : cell;
  }
}

/**
 * Every planned cell, in plan order: its result (folded when repeated), or not run: `skipped` after an interrupt,
 * `error` when the run itself broke or died (no verdict, and not a green run).
 */
export function assembleCells(
  planned: CellResult[],
  results: CellResult[],
  repeat: number,
  notRun: { status: 'skipped' | 'error'; why: string },
): CellResult[] {
  const byKey = new Map((repeat > 1 ? foldRepeats(results) : results).map((r) => [cellKey(r), r]));
  return planned.map((p) => byKey.get(cellKey(p)) ?? { ...p, status: notRun.status, reason: `not run: ${notRun.why}` });
}

/** The report of a run that died before writing one, from its journal. */
export function reportFromJournal(journal: JournalContents, source: string): Report {
  const { header } = journal;
  const results = journal.cells.sort((a, b) => a.position - b.position).map((c) => c.result);
  const cells = assembleCells(header.planned, results, header.repeat?.runs ?? 1, {
    status: 'error',
    why: 'the run ended before this cell finished',
  });
  const last =
    journal.cells
      .map((c) => c.at)
      .sort()
      .at(-1) ?? header.startedAt;
  const report = buildReport(cells, {
    startedAt: new Date(header.startedAt),
    finishedAt: new Date(last),
    runtime: header.runtime,
    matrices: header.matrices,
    secrets: [],
  });
  const { repeat, shard, serversReplacedBy } = header;
  return {
    ...report,
    ...(repeat ? { repeat } : {}),
    ...(shard ? { shard } : {}),
    ...(serversReplacedBy ? { serversReplacedBy } : {}),
    notes: [
      ...journal.notes,
      `rebuilt from ${source}: the run ended before writing its report; ${journal.cells.length} results of ${header.planned.length} planned cells`,
    ],
  };
}

export function uncheckedKnownFailures(plan: Plan, cells: CellResult[], project: Project): UncheckedKnownFailure[] {
  const byKey = new Map(cells.map((c) => [cellKey(c), c]));
  return project.matrices.flatMap((m) =>
    m.value.knownFailures.flatMap((known, index): UncheckedKnownFailure[] => {
      const results = plan.cells.filter((c) => c.matrixFile === m.file && c.knownFailure === known).map((c) => byKey.get(cellKey(c)));
      // An entry with no cell in this run was left out by a filter (or a shard): there was nothing to check.
      if (results.length === 0 || results.some((r) => r !== undefined && r.status !== 'skipped')) return [];
      return [{ matrixFile: m.file, index, link: known.link, where: known.where, why: skippedWhy(results) }];
    }),
  );
}

export const matrixTitles = (project: Project): Report['matrices'] => project.matrices.map((m) => ({ file: m.file, title: m.value.title }));
