import type { ConnectionOptions as TlsOptions } from 'node:tls';
import type postgres from 'postgres';
import type { Client, ClientEnvironment, ConnectionOutcome, ConnectionRequest } from '../core/client.js';
import { observedError } from '../core/observed-error.js';
import { RowKeeper } from '../core/evidence-value.js';
import { nativeOf, nativeOnly, shownConfig } from './driver-config.js';
import { openNodeDriver } from './node-driver.js';
import { nodeTlsOptions } from './node-tls.js';
import { runStatements } from './statements.js';

type Postgres = typeof postgres;

/**
 * postgres.js (`postgres` on npm). It has sslmode=prefer, but only as a bare mode: TLS versions
 * need an options object, which always requires TLS. Server errors carry the SQLSTATE as `code`;
 * connection errors a code of its own (`CONNECT_TIMEOUT`) or Node's (`ECONNREFUSED`).
 */
export const postgresjsClient: Client = {
  name: 'postgres',
  description: 'postgres.js',
  protocols: ['postgres'],
  supports: {
    'tls.mode': ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'],
    'tls.minVersion': true,
    'tls.maxVersion': true,
    sql: true,
  },
  limits: { resumeTlsSession: 'postgres.js cannot be handed a TLS session' },
  unsupported: (settings) =>
    settings.tls?.mode === 'prefer' && (settings.tls.minVersion || settings.tls.maxVersion)
      ? 'postgres.js takes TLS versions only with TLS required, not with tls.mode=prefer'
      : undefined,

  options: nativeOnly,
  open: (spec, env) =>
    openNodeDriver<Postgres>('postgres', spec, env, (driver, request) => connect(driver.module, request, env, nativeOf(spec))),
};

async function connect(
  driver: Postgres,
  request: ConnectionRequest,
  env: ClientEnvironment,
  native: Record<string, unknown>,
): Promise<ConnectionOutcome> {
  const { server } = env;
  const config = {
    host: server.host,
    port: server.port,
    user: request.user,
    password: request.password,
    database: request.database,
    ssl: await sslOption(request, env),
    max: 1,
    connect_timeout: Math.ceil(request.timeoutMs / 1000),
    onnotice: () => {},
    ...native,
  };
  const driverConfig = shownConfig(config);
  const sql = driver(config as postgres.Options<Record<string, postgres.PostgresType>>);
  try {
    // postgres.js connects on first use; reserving a connection makes it connect without running a statement.
    const connection = await sql.reserve();
    try {
      const ran = await runStatements(request.sql, (text) => streamRows(connection, text), request.onStatement);
      return { ...ran, driverConfig };
    } finally {
      connection.release();
    }
  } catch (error) {
    return { ok: false, error: observedError(error), driverConfig };
  } finally {
    await sql.end({ timeout: 0 }).catch(() => {});
  }
}

async function sslOption(request: ConnectionRequest, env: ClientEnvironment): Promise<false | 'prefer' | TlsOptions> {
  if (request.settings.tls?.mode === 'prefer') return 'prefer';
  return (await nodeTlsOptions(request.settings.tls, env)) ?? false;
}

/**
 * Runs a statement row by row (postgres.js `forEach`), keeping only the first rows of its last result and
 * counting the rest, so a big result never sits in memory.
 */
async function streamRows(connection: postgres.ReservedSql, text: string): Promise<{ rows: unknown[][]; rowCount: number }> {
  let keeper = new RowKeeper();
  let current: unknown;
  await connection
    .unsafe(text)
    .values()
    .forEach((row: unknown, result: unknown) => {
      // Several statements in one string give one result each.
      if (result !== current) [current, keeper] = [result, new RowKeeper()];
      keeper.add(row as unknown[]);
    });
  return keeper.result();
}
