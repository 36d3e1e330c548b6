import { describe, expect, it } from 'vitest';
import { cellStatuses } from '../core/report.js';
import { fixtureReport } from '../../test/support/fixture.js';
import { render } from './json.js';

describe('json reporter', () => {
  it('renders the report object itself', async () => {
    const output = render(fixtureReport());
    expect(JSON.parse(output)).toEqual(fixtureReport());
    expect(output.endsWith('}\n')).toBe(true);
    await expect(output).toMatchFileSnapshot('./__snapshots__/report.json');
  });

  it('has a fixture whose summary matches its cells', () => {
    const report = fixtureReport();
    const counted = Object.fromEntries(cellStatuses.map((s) => [s, report.cells.filter((c) => c.status === s).length]));
    expect(report.summary).toEqual({ ...counted, total: report.cells.length });
  });
});
