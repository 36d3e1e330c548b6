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
    expect(output).not.toContain('<script');
    expect(output).toContain('&#60;/pre&#62;&#60;script&#62;alert(2)&#60;/script&#62;');
  });

  it('needs nothing outside the page', () => {
    const output = render(fixtureReport());
    expect(output).not.toMatch(/<script|<link|src=/);
  });
});
