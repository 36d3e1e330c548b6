import type * as mariadb from 'mariadb';
import type { Client, ClientEnvironment, ConnectionOutcome, ConnectionRequest } from '../core/client.js';
import { observedError } from '../core/observed-error.js';
import { nativeOf, nativeOnly, shownConfig } from './driver-config.js';
import { openNodeDriver } from './node-driver.js';
import { nodeTlsOptions } from './node-tls.js';
import { runStatements, type QueryRows } from './statements.js';
import { RowKeeper } from '../core/evidence-value.js';

type Mariadb = typeof mariadb;

/**
 * MariaDB Connector/Node.js. It speaks to MySQL too, caching_sha2_password included: without TLS it
 * needs the server's RSA key, which it fetches only with `allowPublicKeyRetrieval` (like Connector/J).
 * Errors carry the server's error name (`ER_ACCESS_DENIED_ERROR`), its number and SQLSTATE.
 */
export const mariadbClient: Client = {
  name: 'mariadb',
  description: 'MariaDB Connector/Node.js',
  protocols: ['mysql'],
  supports: {
    'tls.mode': ['disable', 'require', 'verify-ca', 'verify-full'],
    'tls.minVersion': true,
    'tls.maxVersion': true,
    serverPublicKey: ['fetch', 'file', 'none'],
    sql: true,
  },
  limits: {
    'tls.mode=prefer': 'the connector has no "preferred" TLS mode: with `ssl` set it requires TLS',
    resumeTlsSession: 'the connector cannot be handed a TLS session',
  },

  options: nativeOnly,
  open: (spec, env) =>
    openNodeDriver<Mariadb>('mariadb', spec, env, (driver, request) => connect(driver.module, request, env, nativeOf(spec))),
};

async function connect(
  driver: Mariadb,
  request: ConnectionRequest,
  env: ClientEnvironment,
  native: Record<string, unknown>,
): Promise<ConnectionOutcome> {
  const { server } = env;
  const key = request.settings.serverPublicKey;
  let connection: mariadb.Connection | undefined;
  let driverConfig: Record<string, unknown> | undefined;
  try {
    const config: mariadb.ConnectionConfig = {
      host: server.host,
      port: server.port,
      user: request.user,
      password: request.password,
      database: request.database || undefined,
      ssl: await nodeTlsOptions(request.settings.tls, env),
      connectTimeout: request.timeoutMs,
      allowPublicKeyRetrieval: key === 'fetch',
      ...(key === 'file' ? { cachingRsaPublicKey: await env.serverPublicKey(), rsaPublicKey: await env.serverPublicKey() } : {}),
      ...native,
    };
    driverConfig = shownConfig(config as Record<string, unknown>);
    connection = await driver.createConnection(config);
    connection.on('error', () => {}); // a server that drops the connection must not crash the run
    const open = connection;
    const ran = await runStatements(request.sql, (sql) => streamRows(open, sql), request.onStatement);
    return { ...ran, driverConfig };
  } catch (error) {
    return { ok: false, error: observedError(error), driverConfig };
  } finally {
    await connection?.end().catch(() => connection?.destroy());
  }
}

/**
 * Runs a statement as a stream, keeping only the first rows of its last result set and counting the rest:
 * `query` would hold every row of a big result in memory. No query timeout: the connector supports one on
 * MariaDB servers only.
 */
function streamRows(open: mariadb.Connection, sql: string): Promise<QueryRows> {
  return new Promise((resolve, reject) => {
    let keeper: RowKeeper | undefined;
    const stream = open.queryStream({ sql, rowsAsArray: true });
    // Each result set announces its columns; a statement without rows sends an OK packet, not an array.
    stream.on('fields', () => (keeper = new RowKeeper()));
    stream.on('data', (row: unknown) => {
      if (Array.isArray(row)) keeper?.add(row);
    });
    stream.on('error', reject);
    stream.on('end', () => resolve(keeper?.result()));
  });
}
