import { describe, expect, it } from 'vitest';
import { fixtureReport } from '../../test/support/fixture.js';
import { render } from './junit.js';
import { escapeAttribute, stripForbidden } from './xml.js';

/** The <testcase> element of one cell (up to the next one). */
function testCase(xml: string, cellId: string, matrixFile?: string): string {
  if (matrixFile !== undefined) xml = xml.slice(xml.indexOf(`file="${matrixFile}"`));
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
    const known = testCase(xml, 'postgres@15.8/pg/pg-tls-session-resumption', 'matrix/pg-tls-15.yaml');
    expect(known).not.toMatch(/<failure|<error/);
    expect(known).toContain('<system-out>known failure (not counted as a failure): https://www.postgresql.org/docs/release/15.9/\n');
    expect(known).toContain('could not accept SSL connection: session id context uninitialized');
    expect(xml).toMatch(
      /<testsuite name="PostgreSQL 15 TLS session resumption \(15.6 → 15.8 → 15.9\)" [^>]*failures="0" errors="0" skipped="0"/,
    );
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
    report.cells.find((c) => c.status === 'known-fail' && c.scenario.id === 'pg-tls-session-resumption')!.status = 'fail';
    const cell = testCase(render(report), 'postgres@15.8/pg/pg-tls-session-resumption', 'matrix/pg-tls-15.yaml');
    expect(cell).toContain('<failure message="resumed failed with EPROTO: write EPROTO');
    expect(cell).not.toContain('known failure');
  });

  it('reports fail, error and skipped cells as such', () => {
    expect(testCase(xml, 'postgres@15.8/pg-undeclared/pg-tls-session-resumption')).toContain(
      '<failure message="resumed failed with EPROTO: write EPROTO',
    );
    const report = fixtureReport();
    Object.assign(report.cells[0]!, { status: 'error', reason: 'postgres@15.6 did not accept connections' });
    expect(testCase(render(report), 'postgres@15.6/pg/pg-tls-plain')).toContain(
      '<error message="postgres@15.6 did not accept connections"',
    );
    expect(testCase(xml, 'postgres@15.99/pg/pg-tls-plain')).toContain(
      '<skipped message="docker: image compatlab-lab/postgres:15.99 is not present;',
    );
  });

  it('writes no character XML 1.0 forbids', () => {
    const report = fixtureReport();
    const failed = report.cells.find((c) => c.status === 'fail')!;
    failed.steps.find((s) => !s.met)!.evidence.serverLog = ['\u001b[31mERROR\u001b[0m bell\u0007 nul\u0000 lone\uD800 ok\u{1F600}'];
    failed.reason = 'tab\there\u000b';
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
