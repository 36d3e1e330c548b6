/**
 * The docker runtime against real containers of the lab images (`npm run images -- postgres@15.6
 * postgres@15.8 postgres@15.9`). Skipped when no Docker engine answers, except in CI, where that fails.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/config/discover.js';
import { expandPlan } from '../../src/plan/expand.js';
import type { CellResult } from '../../src/core/report.js';
import { silentLogger } from '../../src/core/context.js';
import { runPlan } from '../../src/runner/run-plan.js';
import { createRunContext } from '../../src/runner/session.js';
import { dockerEngine } from '../helpers/optional-tool.js';
import { compatlabContainers } from '../../src/runtimes/docker/leftovers.js';
import { selectRuntime } from '../../src/runtimes/select.js';
import { printed, workspace } from '../helpers/workspace.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const matrix = 'matrix/pg-tls-15.yaml';
const dockerTool = await dockerEngine();
const { probe } = dockerTool;

async function run(runtimeName: 'local' | 'docker', servers?: string[]): Promise<CellResult[]> {
  const project = await loadProject([matrix]);
  // The runtimes are under test here, not the clients: node-postgres on the two original scenarios.
  const plan = expandPlan(project.matrices, project.scenarios, {
    servers,
    clients: ['pg'],
    scenarios: ['pg-tls-plain', 'pg-tls-session-resumption'],
  });
  const ctx = createRunContext(silentLogger, new AbortController().signal);
  await using runtime = await selectRuntime(runtimeName, ctx, { images: 'lab' });
  return await runPlan(plan, { runtime, ctx });
}

/** What must not depend on where the server ran: verdicts, client errors, and server log messages. */
function observed(results: CellResult[]) {
  return results.map((cell) => ({
    id: cell.id,
    status: cell.status,
    steps: cell.steps.map((step) => ({
      name: step.name,
      met: step.met,
      error: step.outcome.error?.message.replace(/^write EPROTO [0-9A-F]+:/, 'write EPROTO …:'),
      // `2026-11-20 23:16:14.262 UTC [56] LOG:  …`: time and pid differ.
      serverLog: step.evidence.serverLog.map((line) => line.replace(/^.*?\[\d+\] /, '')),
    })),
  }));
}

async function tempDir() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-test-'));
  return { path: dir, [Symbol.asyncDispose]: () => rm(dir, { recursive: true, force: true }) };
}

async function missingLabImages(): Promise<string[]> {
  if (!probe.ok) return [];
  const names = ['15.6', '15.8', '15.9'].map((v) => `compatlab-lab/postgres:${v}`);
  const present = await Promise.all(
    names.map((n) =>
      probe.client.container.dockerode
        .getImage(n)
        .inspect()
        .then(
          () => true,
          () => false,
        ),
    ),
  );
  return names.filter((_, i) => !present[i]);
}

async function containersOf(pid: number) {
  if (!probe.ok) throw new Error('no Docker engine');
  return (await compatlabContainers(probe.client)).filter((c) => c.pid === pid);
}

describe.skipIf(dockerTool.skip)('docker runtime (lab images)', () => {
  beforeAll(async () => {
    if (!probe.ok) throw new Error(`no Docker engine answers (${probe.reason}); start one with \`bash .ci/docker-engine.sh start\``);
    const missing = await missingLabImages();
    if (missing.length > 0)
      throw new Error(
        `lab images missing: ${missing.join(', ')}; build them with \`npm run images -- postgres@15.6 postgres@15.8 postgres@15.9\``,
      );
  });

  it('gives the 15.x TLS matrix the same verdicts and evidence as the local runtime', { timeout: 180_000 }, async () => {
    const docker = await run('docker');
    const local = await run('local');

    expect(docker.map((c) => [c.id, c.status, c.reason])).toEqual([
      ['postgres@15.6/pg/pg-tls-plain', 'pass', undefined],
      ['postgres@15.6/pg/pg-tls-session-resumption', 'pass', undefined],
      ['postgres@15.8/pg/pg-tls-plain', 'pass', undefined],
      ['postgres@15.8/pg/pg-tls-session-resumption', 'known-fail', expect.stringContaining('tlsv1 alert internal error')],
      ['postgres@15.9/pg/pg-tls-plain', 'pass', undefined],
      ['postgres@15.9/pg/pg-tls-session-resumption', 'pass', undefined],
    ]);
    const resumed = docker[3]!.steps.find((s) => s.name === 'resumed')!;
    expect(resumed.outcome.error?.message).toContain('tlsv1 alert internal error');
    expect(resumed.evidence.serverLog).toEqual([
      expect.stringMatching(/LOG: {2}could not accept SSL connection: session id context uninitialized$/),
    ]);
    expect(docker[3]!.server.origin).toEqual({
      runtime: 'docker',
      image: 'compatlab-lab/postgres:15.8',
      imageId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) as string,
      data: expect.stringMatching(
        /^data initialised once by the image's entrypoint .*, kept as compatlab-warm\/postgres:[0-9a-f]{16} \(sha256:[0-9a-f]{64}\); admin password set at start$/,
      ) as string,
    });
    expect(observed(docker)).toEqual(observed(local));
  });

  it('removes the containers when the run is interrupted with Ctrl-C (exit code 130)', { timeout: 180_000 }, async () => {
    await using reports = await tempDir();
    const args = ['--import', 'tsx', 'src/cli/main.ts', 'run', matrix, '--runtime', 'docker', '--images', 'lab', '--jobs', '1'];
    args.push('--report-dir', reports.path);
    const cli = execa('node', args, { cwd: root, reject: false, all: true, env: { NO_COLOR: '1' } });
    await printed(cli, /ready in/);
    expect(await containersOf(cli.pid!)).toHaveLength(1);
    cli.kill('SIGINT');
    const result = await cli;
    expect(result.exitCode, result.all).toBe(130);
    expect(await containersOf(cli.pid!)).toEqual([]);
  });

  it('skips the cells of a server whose image is missing, naming the image and what to do', { timeout: 180_000 }, async () => {
    const notInLab = await run('docker', ['postgres@15.99']);
    // Not published anywhere the lab looks: the combination cannot run, on any machine (CI skips it too).
    expect(notInLab.map((c) => [c.status, c.machineLacks])).toEqual([
      ['skipped', undefined],
      ['skipped', undefined],
    ]);
    expect(notInLab[0]?.reason).toMatch(
      /^image compatlab-lab\/postgres:15\.99 is not present; the lab cannot build it either \(postgres 15\.99 is not published by .*\(15\.x there: [\d., ]+\)\); use a registry that has it$/,
    );
    const notBuiltYet = await run('docker', ['postgres@15.10']);
    // This machine lacks an image it could build: under CI that fails (compatlab/vitest).
    expect(notBuiltYet.map((c) => [c.status, c.reason, c.machineLacks])).toEqual([
      ['skipped', 'image compatlab-lab/postgres:15.10 is not present; build it with `npm run images -- postgres@15.10`', true],
      ['skipped', 'image compatlab-lab/postgres:15.10 is not present; build it with `npm run images -- postgres@15.10`', true],
    ]);
  });

  it('runs MariaDB lab images (Debian builds) with server TLS, and MariaDB clients verify it', { timeout: 180_000 }, async () => {
    await using ws = await workspace({
      'scenarios/tls.yaml':
        'id: tls\ntitle: tls\nengine: mariadb\nserver: { tls: true }\nsteps:\n  - connect: verified\n    settings: { tls: { mode: verify-full } }\n',
      'matrix/m.yaml': 'title: m\nservers: [mariadb@10.11, mariadb@11.8]\nclients: [mariadb, mariadb-cli]\nscenarios: [tls]\n',
    });
    // The image's entrypoint talks to its server over the socket before compatlab does: 11.4+ clients would verify TLS there too.
    const result = await ws.cli(['run', '--runtime', 'docker', '--images', 'lab', '--report-dir', 'out']);
    expect(result.all).toContain('4 cells: 4 pass');
  });
});
