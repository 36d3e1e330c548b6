import { describe, expect, it } from 'vitest';
import { fixtureReport } from '../../test/support/fixture.js';
import { escapeHtml, render } from './html.js';

describe('html reporter', () => {
  it('renders the fixture', async () => {
    await expect(render(fixtureReport())).toMatchFileSnapshot('./__snapshots__/report.html');
  });

  it('escapes everything that comes from the report', () => {
    expect(escapeHtml(`<script>alert("x" & 'y')</script>`)).toBe('&#60;script&#62;alert(&#34;x&#34; &#38; &#39;y&#39;)&#60;/script&#62;');
    const report = fixtureReport();
    report.cells[2]!.scenario.title = '<script>alert(1)</script>';
    report.cells[2]!.steps[1]!.evidence.serverLog = ['</pre><script>alert(2)</script>'];
    const output = render(report);
    expect(output.match(/<script/g)).toEqual(['<script']); // the page's own, inline
    expect(output).toContain('&#60;/pre&#62;&#60;script&#62;alert(2)&#60;/script&#62;');
  });

  it('needs nothing outside the page, and shows no emoji', () => {
    const output = render(fixtureReport());
    expect(output).not.toMatch(/<link|src=|@import|url\(/);
    expect(output).not.toMatch(/\p{Extended_Pictographic}/u);
  });

  it('groups skipped cells by reason and compares with a baseline', () => {
    const report = fixtureReport();
    const skipped = report.cells.find((c) => c.status === 'skipped' && c.server.label === 'postgres@15.99')!;
    report.cells.push({ ...skipped, id: 'postgres@15.99/other/x' });
    report.baseline = {
      old: { source: 'reports/last-night', startedAt: '2026-11-19T02:00:00.000Z' },
      changes: [
        {
          id: 'postgres@15.8/pg/x',
          matrixFile: 'matrix/m.yaml',
          name: 'postgres@15.8/pg/x',
          kind: 'regressed',
          old: { status: 'pass' },
          new: { status: 'fail', reason: 'boom' },
        },
      ],
      unchanged: 6,
    };
    const output = render(report);
    expect(output).toContain(
      '<summary><span class="badge s-skipped">skipped: 3</span> docker: image compatlab-lab/postgres:15.99 is not present;',
    );
    expect(output).toContain('<tr><td>regressed</td><td><code>postgres@15.8/pg/x</code></td><td>pass → fail</td><td>boom</td></tr>');
  });
});
