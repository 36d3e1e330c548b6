import { describe, expect, it } from 'vitest';
import { cellStatuses, type CellResult } from '../core/report.js';
import { buildReport } from '../runner/build-report.js';
import { fixtureReport } from '../../test/support/fixture.js';
import { render } from './json.js';

/** A cell of the recorded fixture whose last statement returned `values`. */
function cellReturning(values: unknown[]): CellResult {
  const cell = fixtureReport().cells.find((c) => c.status === 'pass')!;
  const step = {
    ...cell.steps[0]!,
    evidence: { serverLog: [], statements: [{ sql: 'SELECT …', ok: true, rows: [values], durationMs: 1 }] },
  };
  return { ...cell, steps: [step as CellResult['steps'][number]] };
}

const meta = { startedAt: new Date(0), finishedAt: new Date(1000), runtime: 'local', matrices: [] };

describe('json reporter', () => {
  it('writes every value a driver may return, as JSON can hold it', () => {
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    const values = [
      2n ** 70n,
      Buffer.from([0xde, 0xad]),
      new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
      { nested: [1n, undefined] },
      circular,
      NaN,
    ];
    const report = buildReport([cellReturning(values)], { ...meta, secrets: [] });
    const written = JSON.parse(render(report)) as typeof report;
    expect(written.cells[0]!.steps[0]!.evidence.statements![0]!.rows).toEqual([
      [
        '1180591620717411303424',
        '\\xdead',
        '2024-01-02T03:04:05.000Z',
        { nested: ['1', null] },
        { name: 'loop', self: '[circular]' },
        'NaN',
      ],
    ]);
  });

  it('scrubs a password wherever it appears, also deep in evidence', () => {
    const report = buildReport([cellReturning([{ statement: "CREATE ROLE app PASSWORD 'sEcr3t-pw'" }])], {
      ...meta,
      secrets: ['sEcr3t-pw'],
    });
    const text = render(report);
    expect(text).not.toContain('sEcr3t-pw');
    expect(text).toContain("CREATE ROLE app PASSWORD '***'");
  });

  it('renders the recorded report as it was written, ending with a newline', async () => {
    const output = render(fixtureReport());
    expect(output.endsWith('}\n')).toBe(true);
    await expect(output).toMatchFileSnapshot('./__snapshots__/report.json');
  });

  it('has a fixture whose summary matches its cells and whose steps are numbered from 1', () => {
    const report = fixtureReport();
    const counted = Object.fromEntries(cellStatuses.map((s) => [s, report.cells.filter((c) => c.status === s).length]));
    expect(report.summary).toEqual({ ...counted, total: report.cells.length });
    for (const cell of report.cells) expect(cell.steps.map((s) => s.index)).toEqual(cell.steps.map((_, i) => i + 1));
  });
});
