/** The tables every human-readable format shows, as data; the formats only add markup. */
import type { CellResult, Report, StepResult } from '../core/report.js';
import { clientWithVersion, statusEmoji } from './format.js';

export interface MatrixTable {
  title: string;
  file: string;
  /** Column headers: server labels in matrix order. */
  servers: string[];
  rows: { scenario: string; client: string; cells: (CellResult | undefined)[] }[];
}

/** One table per matrix file: rows are (scenario, client label), columns are server labels. */
export function matrixTables(report: Report): MatrixTable[] {
  return groupBy(report.cells, (c) => c.matrixFile).map(([file, cells]) => {
    const servers = unique(cells.map((c) => c.server.label));
    const rows = groupBy(cells, (c) => JSON.stringify([c.scenario.id, c.client.label])).map(([, rowCells]) => ({
      scenario: rowCells[0]!.scenario.id,
      client: rowClient(rowCells),
      cells: servers.map((server) => rowCells.find((c) => c.server.label === server)),
    }));
    const title = report.matrices.find((m) => m.file === file)?.title ?? file;
    return { title, file, servers, rows };
  });
}

/** The row's client with the version that ran, when one did in every column (a command-line client may run each server's own). */
function rowClient(rowCells: CellResult[]): string {
  const ran = rowCells.find((c) => c.client.version !== undefined) ?? rowCells[0]!;
  const versions = unique(rowCells.flatMap((c) => (c.client.version === undefined ? [] : [c.client.version])));
  return versions.length > 1 ? `${ran.client.label} (versions differ by server)` : clientWithVersion(ran.client);
}

export interface StepTable {
  scenario: CellResult['scenario'];
  /** Names of the connect steps, in scenario order. */
  columns: string[];
  rows: { cell: CellResult; steps: (StepResult | undefined)[] }[];
}

/** One table per scenario: a row per cell that ran steps, a column per connect step. */
export function stepTables(report: Report): StepTable[] {
  const ran = report.cells.filter((c) => c.steps.length > 0);
  return groupBy(ran, (c) => c.scenario.id).map(([, cells]) => {
    const connects = (c: CellResult) => c.steps.filter((s) => s.kind === 'connect');
    const columns = unique(cells.flatMap((c) => connects(c).map(columnName)));
    const rows = cells.map((cell) => ({
      cell,
      steps: columns.map((name) => connects(cell).find((s) => columnName(s) === name)),
    }));
    return { scenario: cells[0]!.scenario, columns, rows };
  });
}

/** Explains only the marks a step table uses, e.g. `❌ not what the scenario expects · — did not run`. */
export function stepTableLegend(t: StepTable): string | undefined {
  const steps = t.rows.flatMap((r) => r.steps.map((step) => ({ step, status: r.cell.status })));
  const has = (test: (step: StepResult | undefined, status: CellResult['status']) => boolean) =>
    steps.some(({ step, status }) => test(step, status));
  const entries = [
    has((s, status) => s?.met === false && status !== 'known-fail') && `${statusEmoji.fail} not what the scenario expects`,
    has((s, status) => s?.met === false && status === 'known-fail') &&
      `${statusEmoji['known-fail']} not what the scenario expects, a known failure`,
    has((s) => s?.met === true && !s.outcome.ok) && 'errors without a mark were expected',
    has((s) => s === undefined) && '— did not run',
  ].filter((e) => e !== false);
  return entries.length > 0 ? entries.join(' · ') : undefined;
}

function columnName(step: StepResult): string {
  return step.name ?? `#${step.index}`;
}

/** Cells that need a person's attention, in report order. */
export function cellsNeedingDetail(report: Report): CellResult[] {
  return report.cells.filter((c) => c.status === 'fail' || c.status === 'known-fail' || c.status === 'flaky' || c.status === 'error');
}

export function skippedCells(report: Report): CellResult[] {
  return report.cells.filter((c) => c.status === 'skipped');
}

function groupBy<T>(items: T[], key: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return [...groups.entries()];
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
