/**
 * `junit.xml` for CI: one suite per matrix, one test case per cell. Known failures pass, so CI
 * stays green on them; their link goes to <system-out>.
 */
import type { CellResult, Report, StepResult } from '../core/report.js';
import { describeExpected, describeObserved, stepTitle, uncheckedKnownFailureLine } from './format.js';
import { element, escapeText } from './xml.js';

export function render(report: Report): string {
  const suites = report.matrices.map((m) =>
    suite(
      m.title,
      m.file,
      report.cells.filter((c) => c.matrixFile === m.file),
      report,
    ),
  );
  const listed = new Set(report.matrices.map((m) => m.file));
  // Cells of a matrix missing from `matrices` still belong in the file.
  const orphans = report.cells.filter((c) => !listed.has(c.matrixFile));
  if (orphans.length > 0) suites.push(suite('other', undefined, orphans, report));
  if (report.missingCells?.length) suites.push(missingSuite(report.missingCells));
  const root = element(
    'testsuites',
    { name: 'compatlab', ...counts(report.cells), time: seconds(report.durationMs) },
    suites.map((s) => `\n  ${s}`).concat('\n'),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}

function suite(name: string, file: string | undefined, cells: CellResult[], report: Report): string {
  const time = cells.reduce((sum, c) => sum + c.durationMs, 0);
  const attributes = { name, file, ...counts(cells), time: seconds(time), timestamp: report.startedAt };
  // Known failures no cell checked, and notes on the run (in the first suite), are said where CI shows them.
  const lines = [
    ...(report.uncheckedKnownFailures ?? []).filter((k) => k.matrixFile === file).map((k) => uncheckedKnownFailureLine(k)),
    ...(file !== undefined && file === report.matrices[0]?.file ? (report.notes ?? []).map((note) => `note: ${note}`) : []),
  ];
  const out = lines.length > 0 ? [`\n    ${element('system-out', {}, [escapeText(`${lines.join('\n')}\n`)])}`] : [];
  return element('testsuite', attributes, [...cells.map((c) => `\n    ${testCase(c)}`), ...out].concat('\n  '));
}

/** `compatlab merge` with a shard missing: each cell in no report is an error, so CI cannot read the merge as complete. */
function missingSuite(keys: string[]): string {
  const cases = keys.map(
    (key) =>
      `\n    ${element('testcase', { classname: 'missing', name: key, time: '0.000' }, [element('error', { message: 'in no shard report', type: 'missing' })])}`,
  );
  return element(
    'testsuite',
    { name: 'cells in no report', tests: keys.length, failures: 0, errors: keys.length, skipped: 0, time: '0.000' },
    cases.concat('\n  '),
  );
}

function counts(cells: CellResult[]) {
  const count = (status: CellResult['status']) => cells.filter((c) => c.status === status).length;
  return { tests: cells.length, failures: count('fail') + count('flaky'), errors: count('error'), skipped: count('skipped') };
}

function testCase(cell: CellResult): string {
  const attributes = { classname: cell.scenario.id, name: cell.id, time: seconds(cell.durationMs), file: cell.scenario.file };
  return element(
    'testcase',
    attributes,
    [...outcome(cell), systemOut(cell)].filter((part) => part !== ''),
  );
}

function outcome(cell: CellResult): string[] {
  const unmet = cell.steps.filter((s) => !s.met);
  switch (cell.status) {
    case 'fail':
    case 'flaky':
      return [
        element('failure', { message: cell.reason ?? unmet.map(stepLine).join('; '), type: cell.status }, [
          escapeText(unmet.map(stepLine).join('\n')),
        ]),
      ];
    case 'error':
      return [element('error', { message: cell.reason ?? 'error', type: 'error' }, [escapeText(unmet.map(stepLine).join('\n'))])];
    case 'skipped':
      return [element('skipped', { message: cell.reason })];
    case 'pass':
    case 'known-fail':
      return [];
  }
}

/** What a person needs from the CI log: the known-failure link, the unmet steps' server log, the re-run command. */
function systemOut(cell: CellResult): string {
  if (cell.status === 'pass' || cell.status === 'skipped') return '';
  const lines: string[] = [];
  if (cell.status === 'known-fail' && cell.knownFailure) {
    lines.push(`known failure (not counted as a failure): ${cell.knownFailure.link}`);
    if (cell.knownFailure.note) lines.push(cell.knownFailure.note);
    lines.push(...cell.steps.filter((s) => !s.met).map(stepLine));
  }
  for (const step of cell.steps.filter((s) => !s.met && s.evidence.serverLog.length > 0)) {
    lines.push(`server log during step "${stepTitle(step)}":`, ...step.evidence.serverLog.map((l) => `  ${l}`));
  }
  lines.push(`re-run: ${cell.rerun}`);
  return element('system-out', {}, [escapeText(`${lines.join('\n')}\n`)]);
}

function stepLine(step: StepResult): string {
  const plain = (value: string) => value;
  return `step "${stepTitle(step)}": expected ${describeExpected(step.expected, plain)}; observed ${describeObserved(step.outcome, plain)}`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
