import { describe, expect, it } from 'vitest';
import type { Report } from '../core/report.js';
import { fixtureReport } from '../../test/support/fixture.js';
import { render } from './markdown.js';
import { code, fence, table, text } from './md.js';

/** The fixture with the known-fail cell's error message replaced. */
function withMessage(message: string): Report {
  const report = fixtureReport();
  const cell = report.cells.find((c) => c.status === 'known-fail' && c.scenario.id === 'pg-tls-session-resumption')!;
  cell.steps.find((s) => !s.met)!.outcome = { ok: false, error: { code: 'EPROTO', message } };
  return report;
}

describe('markdown reporter', () => {
  it('renders the fixture', async () => {
    await expect(render(fixtureReport())).toMatchFileSnapshot('./__snapshots__/report.md');
  });

  it('keeps pipes and line breaks inside one table cell', () => {
    const row = render(withMessage('left | right\nnext line'))
      .split('\n')
      .find((l) => l.startsWith('| `postgres@15.8`') && l.includes('left'));
    expect(row).toBe('| `postgres@15.8` | `pg` | defaults | ok | ⚠️ `EPROTO` left \\| right next line |');
  });

  it('escapes markup in plain text and picks safe code fences', () => {
    expect(text('*bold* <b>x</b> [a](b) _x_ snake_case')).toBe('\\*bold\\* \\<b\\>x\\</b\\> \\[a\\](b) \\_x\\_ snake_case');
    expect(code('a `b` c')).toBe('``a `b` c``');
    expect(code('`x`')).toBe('`` `x` ``');
    expect(fence('has ``` inside', 'sh')).toBe('````sh\nhas ``` inside\n````');
    expect(table(['a|b'], [['x\ny']])).toBe('| a\\|b |\n| --- |\n| x<br>y |');
  });

  it('does not link a declared known failure when the cell failed differently', () => {
    const report = fixtureReport();
    const cell = report.cells.find((c) => c.status === 'known-fail' && c.scenario.id === 'pg-tls-session-resumption')!;
    cell.status = 'fail';
    const output = render(report);
    expect(output).toContain('| `pg-tls-session-resumption` | `pg (8.23.1)` | ✅ pass | ❌ fail | ✅ pass |');
    expect(output).toContain(
      '- **Known failure declared, but this is a different failure:** <https://www.postgresql.org/docs/release/15.9/>',
    );
  });

  it('names no version for a row whose servers ran different versions of the client', () => {
    const report = fixtureReport();
    const row = report.cells.filter((c) => c.scenario.id === 'pg-tls-session-resumption' && c.client.label === 'pg');
    row[0]!.client.version = '8.7.3';
    const output = render(report);
    expect(output).toContain('| `pg-tls-session-resumption` | `pg (versions differ by server)` |');
    expect(output).toContain('| `pg-tls-plain` | `pg (8.23.1)` |');
  });

  it('links a known failure from the matrix and groups skipped cells by reason', () => {
    const output = render(fixtureReport());
    expect(output).toContain('[⚠️ known-fail](<https://www.postgresql.org/docs/release/15.9/>)');
    expect(output).toContain('(2 cells): `postgres@15.99/pg/pg-tls-plain`, `postgres@15.99/pg/pg-tls-session-resumption`\n');
    expect(output).toContain(
      '- `test/support/unpublished-server.yaml knownFailures[0]` (https://www.postgresql.org/docs/release/15.9/) was checked by no cell: its cell was skipped',
    );
  });
});
