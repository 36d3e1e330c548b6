/**
 * The MySQL authentication matrix (`matrix/mysql-auth-9.7.yaml`) against a real MySQL 9.7 in the
 * lab image (`npm run images -- mysql@9.7`), step by step. Skipped when no Docker engine answers, and
 * the JDBC tests when Debian's JDBC jars are missing, except in CI, where that fails.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/config/discover.js';
import { mysqlEngine } from '../../src/engines/mysql/index.js';
import { expandPlan } from '../../src/plan/expand.js';
import type { CellResult, StepResult } from '../../src/core/report.js';
import { silentLogger } from '../../src/core/context.js';
import { runPlan } from '../../src/runner/run-plan.js';
import { startServer } from '../../src/runner/server-pool.js';
import { createRunContext } from '../../src/runner/session.js';
import { selectRuntime } from '../../src/runtimes/select.js';
import { dockerEngine, jdbcJars } from '../helpers/optional-tool.js';

const matrix = 'matrix/mysql-auth-9.7.yaml';
const image = 'compatlab-lab/mysql:9.7';
const docker = await dockerEngine();
const jars = await jdbcJars();

const needsSecureConnection =
  "2061 ERROR 2061 (HY000): Authentication plugin 'caching_sha2_password' reported error: Authentication requires secure connection.";

/** `ok`, or the error code and message a connect step saw. */
function outcome(step: StepResult): string {
  return step.outcome.ok ? 'ok' : `${step.outcome.error?.code} ${step.outcome.error?.message}`;
}

function connects(cell: CellResult): Record<string, string> {
  return Object.fromEntries(cell.steps.filter((s) => s.kind === 'connect').map((s) => [s.name ?? String(s.index), outcome(s)]));
}

function authPaths(cell: CellResult): Record<string, string | undefined> {
  return Object.fromEntries(cell.steps.filter((s) => s.kind === 'connect').map((s) => [s.name ?? String(s.index), s.evidence.auth?.path]));
}

describe.skipIf(docker.skip)('MySQL authentication (lab image mysql:9.7)', () => {
  let cells: CellResult[];
  let secrets: Set<string>;
  const cell = (client: string, scenario: string): CellResult => {
    const found = cells.find((c) => c.id === `mysql@9.7/${client}/${scenario}`);
    if (!found) throw new Error(`no cell ${client}/${scenario}; cells: ${cells.map((c) => c.id).join(', ')}`);
    return found;
  };

  beforeAll(async () => {
    docker.assert();
    if (!docker.probe.ok) return;
    const present = await docker.probe.client.container.dockerode
      .getImage(image)
      .inspect()
      .then(
        () => true,
        () => false,
      );
    if (!present) throw new Error(`lab image ${image} is missing; build it with \`npm run images -- mysql@9.7\``);
    const project = await loadProject([matrix]);
    const ctx = createRunContext(silentLogger, new AbortController().signal);
    const runtime = await selectRuntime('docker', ctx, { images: 'lab' });
    cells = await runPlan(expandPlan(project.matrices, project.scenarios), { runtime, ctx });
    secrets = ctx.secrets;
  }, 300_000);

  it('meets every expectation of the shipped matrix', () => {
    // Without the jars (outside CI) the JDBC cells are skipped, saying what to install.
    const expected = (c: CellResult): unknown[] =>
      jars.skip && c.client.driver === 'jdbc' ? [c.id, 'skipped', expect.stringMatching(/\.jar/) as unknown] : [c.id, 'pass', undefined];
    expect(cells.map((c) => [c.id, c.status, c.reason])).toEqual(cells.map(expected));
    expect(cells).toHaveLength(36);
    expect(cells[0]!.server.versionString).toMatch(/^9\.7\.\d+/);
    expect(cells.find((c) => c.client.driver === 'mysql-cli')!.client.version).toMatch(/^mysql {2}Ver 9\.7\.\d+/);
  });

  it('the CLI without TLS or key fails for a new account and after FLUSH PRIVILEGES or a password change, and works once TLS filled the cache', () => {
    expect(connects(cell('cli-plain-no-key', 'mysql-caching-sha2-cache'))).toEqual({
      'new-user': needsSecureConnection,
      'over-tls': 'ok',
      cached: 'ok',
      'after-flush': needsSecureConnection,
      'over-tls-after-flush': 'ok',
      'cached-after-flush': 'ok',
      'after-password-change': needsSecureConnection,
    });
  });

  it('a restart empties the cache too', () => {
    expect(connects(cell('cli-plain-no-key', 'mysql-caching-sha2-restart'))).toEqual({
      'over-tls': 'ok',
      cached: 'ok',
      'after-restart': needsSecureConnection,
      'over-tls-after-restart': 'ok',
      'cached-after-restart': 'ok',
    });
  });

  it('the CLI always connects with --get-server-public-key, a key file or TLS', () => {
    for (const client of ['cli-plain-get-key', 'cli-plain-key-file', 'cli-tls']) {
      for (const scenario of ['mysql-caching-sha2-cache', 'mysql-caching-sha2-restart', 'mysql-sha256-password']) {
        const steps = connects(cell(client, scenario));
        expect(steps, `${client}/${scenario}`).toEqual(Object.fromEntries(Object.keys(steps).map((name) => [name, 'ok'])));
      }
    }
  });

  it('mysql2 always connects; its evidence shows when it needed the RSA key', () => {
    expect(authPaths(cell('mysql2-plain', 'mysql-caching-sha2-cache'))).toEqual({
      'new-user': 'full-auth-rsa-key-fetched',
      'over-tls': 'fast-auth',
      cached: 'fast-auth',
      'after-flush': 'full-auth-rsa-key-fetched',
      'over-tls-after-flush': 'fast-auth',
      'cached-after-flush': 'fast-auth',
      'after-password-change': 'full-auth-rsa-key-fetched',
    });
    expect(authPaths(cell('mysql2-plain-key-file', 'mysql-caching-sha2-restart'))).toEqual({
      'over-tls': 'full-auth-tls',
      cached: 'fast-auth',
      'after-restart': 'full-auth-rsa-key-given',
      'over-tls-after-restart': 'fast-auth',
      'cached-after-restart': 'fast-auth',
    });
    expect(authPaths(cell('mysql2-tls', 'mysql-caching-sha2-cache'))).toEqual({
      'new-user': 'full-auth-tls',
      'over-tls': 'fast-auth',
      cached: 'fast-auth',
      'after-flush': 'full-auth-tls',
      'over-tls-after-flush': 'fast-auth',
      'cached-after-flush': 'fast-auth',
      'after-password-change': 'full-auth-tls',
    });
    for (const c of cells.filter((c) => c.client.driver === 'mysql2')) {
      expect(Object.values(connects(c)), c.id).toEqual(c.steps.filter((s) => s.kind === 'connect').map(() => 'ok'));
    }
  });

  it('sha256_password authenticates in full every time, and the CLI asks for the key on its own', () => {
    expect(connects(cell('cli-plain-no-key', 'mysql-sha256-password'))).toEqual({
      'new-user': 'ok',
      'over-tls': 'ok',
      again: 'ok',
      'after-flush': 'ok',
    });
    expect(authPaths(cell('mysql2-plain', 'mysql-sha256-password'))).toEqual({
      'new-user': 'full-auth-rsa-key-fetched',
      'over-tls': 'full-auth-tls',
      again: 'full-auth-rsa-key-fetched',
      'after-flush': 'full-auth-rsa-key-fetched',
    });
    expect(cell('mysql2-plain', 'mysql-sha256-password').steps[1]!.evidence.auth?.plugin).toBe('sha256_password');
  });

  it('records TLS exactly for the connections that used it', () => {
    // The JDBC probe reads TLS facts from pgjdbc's socket only; MariaDB Connector/J does not show its own.
    for (const c of cells.filter((c) => c.client.driver !== 'jdbc')) {
      for (const step of c.steps.filter((s) => s.kind === 'connect')) {
        const wantsTls = step.settings?.tls?.mode === 'require';
        expect(step.evidence.tls?.protocol ?? null, `${c.id} ${step.name}`).toEqual(
          wantsTls ? expect.stringMatching(/^TLSv1\.[23]$/) : null,
        );
      }
    }
  });

  it.skipIf(jars.skip)('JDBC without TLS or allowPublicKeyRetrieval fails like the CLI, and works once TLS filled the cache', () => {
    const noKey = 'S1009 RSA public key is not available client side (option serverRsaPublicKeyFile not set)';
    const steps = cell('jdbc-plain-no-key', 'mysql-caching-sha2-cache').steps.filter((s) => s.kind === 'connect');
    expect(
      Object.fromEntries(
        steps.map((s) => [s.name, s.outcome.ok ? 'ok' : `${s.outcome.error?.code} ${s.outcome.error?.causes?.at(-1)?.message}`]),
      ),
    ).toEqual({
      'new-user': noKey,
      'over-tls': 'ok',
      cached: 'ok',
      'after-flush': noKey,
      'over-tls-after-flush': 'ok',
      'cached-after-flush': 'ok',
      'after-password-change': noKey,
    });
    for (const client of ['jdbc-plain-key-retrieval', 'jdbc-tls']) {
      const all = connects(cell(client, 'mysql-caching-sha2-cache'));
      expect(all, client).toEqual(Object.fromEntries(Object.keys(all).map((name) => [name, 'ok'])));
    }
  });

  it.skipIf(jars.skip)(
    "through C3P0 the failure comes at pool start, and the driver's error only from the pool's last acquisition failure",
    () => {
      const failed = cell('jdbc-c3p0-plain-no-key', 'mysql-caching-sha2-cache').steps.find((s) => s.name === 'new-user')!;
      expect(failed.outcome.error).toEqual({
        message: 'Connections could not be acquired from the underlying database!',
        exceptionClass: 'java.sql.SQLException',
        causes: [
          {
            exceptionClass: 'com.mchange.v2.resourcepool.CannotAcquireResourceException',
            message: 'A ResourcePool could not acquire a resource from its primary factory or source.',
          },
          {
            exceptionClass: 'java.sql.SQLTransientConnectionException',
            message: expect.stringMatching(/^Could not connect to .*: RSA public key is not available client side/) as string,
            via: "the pool's getLastAcquisitionFailureDefaultUser()",
          },
          {
            exceptionClass: 'java.sql.SQLException',
            message: 'RSA public key is not available client side (option serverRsaPublicKeyFile not set)',
          },
        ],
      });
    },
  );

  it('puts no password in any result', () => {
    const text = JSON.stringify(cells);
    expect(secrets.size).toBeGreaterThan(cells.filter((c) => c.status !== 'skipped').length);
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it("reports the server's own words for a plugin it does not have", async () => {
    const ctx = createRunContext(silentLogger, new AbortController().signal);
    const runtime = await selectRuntime('docker', ctx, { images: 'lab' });
    const project = await loadProject([matrix]);
    const start = await startServer(expandPlan(project.matrices, project.scenarios).groups[0]!.server, runtime, ctx);
    if (!start.ok) throw new Error(`server did not start: ${start.verdict.reason}`);
    await using server = start.server;
    await using admin = await mysqlEngine.admin(server);
    await expect(admin.createUser('carol', 'not-used', 'mysql_native_password')).rejects.toThrow(
      "Plugin 'mysql_native_password' is not loaded",
    );
  });
});
