/** The nightly commands on real runs (local runtime): diff, --baseline, --repeat, --update-known, --shard + merge, re-runs. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/core/report.js';
import { workspace } from './helpers/workspace.js';

const repo = path.resolve(import.meta.dirname, '..');
const read = async (file: string) => readFile(path.join(repo, file), 'utf8');

const plain = (expect: string) => `id: plain
title: plain connection
engine: postgres
steps:
  - connect: app
    expect: ${expect}
`;
const oneServer = `title: one server
servers: [postgres@15.9]
clients: [pg]
scenarios: [plain]
`;

async function report(dir: string): Promise<Report> {
  return JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as Report;
}

/** Times, durations and ports differ from run to run; nothing else may. */
function stable(r: Report): unknown {
  return JSON.parse(
    JSON.stringify({ ...r, startedAt: 0, finishedAt: 0, durationMs: 0, shard: undefined }, (key, value: unknown) => {
      if (key === 'durationMs') return 0;
      if (key === 'serverLog') return [];
      if (key === 'port') return 'P'; // each run's servers listen on ports of their own
      if (typeof value === 'string')
        return (
          value
            .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \w+ \[\d+\]/g, 'T')
            .replace(/:\d{4,5}\b/g, ':P')
            .replace(/\b[0-9A-F]{16}\b/g, 'X')
            // Each server's own directory (its TLS files, as the server reports them).
            .replace(/compatlab-server-\d+-\w+/g, 'compatlab-server-D')
        );
      return value;
    }),
  );
}

describe('nightly commands on real runs', () => {
  it('diff of two real reports with a regression exits 1 and names the cell; --baseline puts it in the reports', async () => {
    await using ws = await workspace({ 'scenarios/plain.yaml': plain('ok'), 'matrix/m.yaml': oneServer });
    expect((await ws.cli(['run', '--runtime', 'local', '--report-dir', 'old'])).exitCode).toBe(0);
    await ws.shell(`sed -i 's/expect: ok/expect: { error: "password authentication failed" }/' scenarios/plain.yaml`);
    const run = await ws.cli(['run', '--runtime', 'local', '--report-dir', 'new', '--baseline', 'old']);
    expect(run.exitCode).toBe(1);
    expect(run.all).toContain('Regressed:\n  postgres@15.9/pg/plain: pass → fail');
    expect((await report(path.join(ws.dir, 'new'))).baseline?.changes.map((c) => [c.kind, c.id])).toEqual([
      ['regressed', 'postgres@15.9/pg/plain'],
    ]);
    const diff = await ws.cli(['diff', 'old', 'new/report.json', '--markdown', 'diff.md']);
    expect(diff.exitCode).toBe(1);
    expect(diff.all.split('\n').slice(0, 3)).toEqual([
      expect.stringMatching(/^1 regressed since old \(.+ UTC\); 0 unchanged$/),
      'Regressed:',
      '  postgres@15.9/pg/plain: pass → fail  app succeeded (expected an error matching "password authentication failed")',
    ]);
    expect(await readFile(path.join(ws.dir, 'diff.md'), 'utf8')).toContain(
      '| `postgres@15.9/pg/plain` | pass → fail | app succeeded (expected an error matching "password authentication failed") |',
    );
    expect((await ws.cli(['diff', 'new', 'old'])).exitCode).toBe(0);
  });

  it('--repeat 3 runs each cell three times and counts the passes', async () => {
    await using ws = await workspace({ 'scenarios/plain.yaml': plain('ok'), 'matrix/m.yaml': oneServer });
    const run = await ws.cli(['run', '--runtime', 'local', '--repeat', '3', '--fresh-server', '--report-dir', 'out']);
    expect(run.exitCode, run.all).toBe(0);
    expect(run.all).toContain('1 cells on 3 servers (runtime: local, each 3 times on a fresh server)');
    const [cell] = (await report(path.join(ws.dir, 'out'))).cells;
    expect([cell?.status, cell?.repeats?.runs, cell?.repeats?.passes]).toEqual(['pass', 3, 3]);
    expect(cell?.rerun).toBe('npx compatlab run matrix/m.yaml --cell postgres@15.9/pg/plain --runtime local --repeat 3 --fresh-server');
  });

  it('--repeat calls a cell whose runs disagree flaky, with its counts, in every format', async () => {
    // Every second run may not log in: on one server the runs alternate, on fresh servers they all pass.
    const flip = `id: flip
title: every second run fails
engine: postgres
steps:
  - create-user: { name: app }
  - sql: CREATE SEQUENCE IF NOT EXISTS flip
  - sql: DO $$ BEGIN IF nextval('flip') % 2 = 0 THEN ALTER ROLE app NOLOGIN; END IF; END $$
  - connect: app
    user: app
`;
    await using ws = await workspace({ 'scenarios/flip.yaml': flip, 'matrix/m.yaml': oneServer.replace('[plain]', '[flip]') });
    const run = await ws.cli(['run', '--runtime', 'local', '--repeat', '3', '--report-dir', 'out']);
    expect(run.exitCode).toBe(1);
    expect(run.all).toContain('1 flaky');
    const [cell] = (await report(path.join(ws.dir, 'out'))).cells;
    expect([cell?.status, cell?.repeats?.passes, cell?.repeats?.runs]).toEqual(['flaky', 2, 3]);
    expect(cell?.reason).toMatch(/^passed 2 of 3 runs: 2× pass; 1× fail \(app failed with 28000: role "app" is not permitted to log in/);
    expect(await readFile(path.join(ws.dir, 'out', 'junit.xml'), 'utf8')).toContain('type="flaky"');
    expect(await readFile(path.join(ws.dir, 'out', 'report.md'), 'utf8')).toContain('- **Runs:** 2 of 3 passed: 2× pass, 1× fail');
    const fresh = await ws.cli(['run', '--runtime', 'local', '--repeat', '3', '--fresh-server', '--report-dir', 'fresh']);
    expect(fresh.exitCode, fresh.all).toBe(0);
  });

  it('--update-known rewrites a copy of a matrix so that the next run exits 0', async () => {
    const matrix = (await read('matrix/pg-tls-15.yaml')).replace(/knownFailures:[\s\S]*$/, '').replace('  - postgres@15.6\n', '');
    await using ws = await workspace({
      'matrix/pg.yaml': matrix,
      'scenarios/pg-tls-session-resumption.yaml': await read('scenarios/pg-tls-session-resumption.yaml'),
      'scenarios/pg-tls-plain.yaml': await read('scenarios/pg-tls-plain.yaml'),
    });
    const first = await ws.cli(['run', '--runtime', 'local', '--report-dir', 'out']);
    expect(first.exitCode).toBe(1);
    expect(first.all).toContain('matrix/pg.yaml: 1 new failure(s). Paste-ready (or re-run with --update-known):\nknownFailures:');
    expect((await ws.cli(['run', '--runtime', 'local', '--report-dir', 'out', '--update-known'])).exitCode).toBe(1);
    const updated = await readFile(path.join(ws.dir, 'matrix/pg.yaml'), 'utf8');
    expect(updated).toBe(`${matrix}knownFailures:
  - where: { server: postgres@15.8, client: pg, scenario: pg-tls-session-resumption }
    steps: [resumed]
    error: tlsv1 alert internal error
    link: https://www.postgresql.org/docs/release/15.9/
`);
    const next = await ws.cli(['run', '--runtime', 'local', '--report-dir', 'out']);
    expect(next.exitCode, next.all).toBe(0);
    expect(next.all).toContain('known-fail postgres@15.8/pg/pg-tls-session-resumption');
  });

  it('merge of two shards equals the unsharded report apart from times, and every printed re-run reproduces its cell', async () => {
    await using ws = await workspace({
      'matrix/pg.yaml': await read('matrix/pg-tls-15.yaml'),
      'scenarios/pg-tls-session-resumption.yaml': await read('scenarios/pg-tls-session-resumption.yaml'),
      'scenarios/pg-tls-session-cache.yaml': await read('scenarios/pg-tls-session-cache.yaml'),
      'scenarios/pg-tls-plain.yaml': await read('scenarios/pg-tls-plain.yaml'),
    });
    const args = ['run', 'matrix/pg.yaml', '--runtime', 'local', '--server', 'postgres@15.8', '--server', 'postgres@15.9'];
    expect((await ws.cli([...args, '--report-dir', 'all'])).exitCode).toBe(0);
    expect((await ws.cli([...args, '--shard', '1/2', '--report-dir', 's1'])).exitCode).toBe(0);
    expect((await ws.cli([...args, '--shard', '2/2', '--report-dir', 's2'])).exitCode).toBe(0);
    const [s1, s2] = [await report(path.join(ws.dir, 's1')), await report(path.join(ws.dir, 's2'))];
    expect([s1.cells.map((c) => c.server.label), s2.cells.map((c) => c.server.label)]).toEqual([
      ['postgres@15.8', 'postgres@15.8', 'postgres@15.8'],
      ['postgres@15.9', 'postgres@15.9', 'postgres@15.9'],
    ]);
    expect((await ws.cli(['merge', 's2', 's1', '--report-dir', 'merged'])).exitCode).toBe(0);
    const [all, merged] = [await report(path.join(ws.dir, 'all')), await report(path.join(ws.dir, 'merged'))];
    expect(stable(merged)).toEqual(stable(all));
    expect(all.serversReplacedBy).toEqual(['postgres@15.8', 'postgres@15.9']);
    expect(await readFile(path.join(ws.dir, 'all', 'report.md'), 'utf8')).toMatch(
      /^# .+ \(servers replaced by --server postgres@15\.8, postgres@15\.9\)$/m,
    );

    for (const cell of all.cells) {
      expect(cell.rerun).toBe(`npx compatlab run matrix/pg.yaml --cell ${cell.id} --server ${cell.server.label} --runtime local`);
      const rerun = await ws.shell(cell.rerun);
      expect(rerun.exitCode, rerun.all).toBe(0);
      const again = await report(path.join(ws.dir, 'reports', 'latest'));
      expect(again.cells.map((c) => [c.id, c.status])).toEqual([[cell.id, cell.status]]);
    }
  });
});
