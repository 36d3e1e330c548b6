import type { CellResult } from '../core/report.js';
import { describeExpected, describeObserved, stepMark, stepTitle } from '../reporters/format.js';

const plain = (literal: string) => literal;

/** A failing cell for an assertion message: why, its step table with the server log of unmet steps, and the re-run command. */
export function explainCell(result: CellResult): string {
  const rows = result.steps.map(
    (s) =>
      [
        stepMark(s, result.status),
        stepTitle(s),
        describeExpected(s.expected, plain),
        describeObserved(s.outcome, plain),
        s.met ? [] : s.evidence.serverLog,
      ] as const,
  );
  const width = (i: 1 | 2) => Math.max(0, ...rows.map((r) => r[i].length));
  const table = rows.flatMap(([mark, name, expected, observed, log]) => [
    `  ${mark} ${name.padEnd(width(1))}  expected ${expected.padEnd(width(2))}  observed ${observed}`,
    ...log.map((line) => `      | ${line}`),
  ]);
  return [`${result.id}: ${result.status}${result.reason ? ` (${result.reason})` : ''}`, ...table, `re-run: ${result.rerun}`].join('\n');
}
