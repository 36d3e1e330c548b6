import type mysql from 'mysql';
import type { Client, ClientEnvironment, ConnectionOutcome, ConnectionRequest } from '../core/client.js';
import { observedError } from '../core/observed-error.js';
import { nativeOf, nativeOnly, shownConfig } from './driver-config.js';
import { openNodeDriver } from './node-driver.js';
import { runStatements, type QueryRows } from './statements.js';
import { RowKeeper } from '../core/evidence-value.js';

type Mysql = typeof mysql;

/**
 * mysqljs (`mysql` on npm). It knows mysql_native_password only, so it cannot log in to an
 * account that uses caching_sha2_password (`ER_NOT_SUPPORTED_AUTH_MODE`). Its TLS checks the
 * certificate chain but not the host name, and takes no protocol versions.
 */
export const mysqljsClient: Client = {
  name: 'mysql',
  description: 'mysqljs',
  protocols: ['mysql'],
  supports: { 'tls.mode': ['disable', 'require', 'verify-ca'], sql: true },
  limits: {
    'tls.mode=prefer': 'mysqljs has no "preferred" TLS mode: with `ssl` set it requires TLS',
    'tls.mode=verify-full': 'mysqljs checks the certificate chain, never the host name',
    'tls.minVersion': 'mysqljs passes no TLS protocol versions to Node',
    'tls.maxVersion': 'mysqljs passes no TLS protocol versions to Node',
    serverPublicKey: 'mysqljs has no RSA key exchange (no caching_sha2_password or sha256_password)',
    resumeTlsSession: 'mysqljs cannot be handed a TLS session',
  },

  options: nativeOnly,
  open: (spec, env) => openNodeDriver<Mysql>('mysql', spec, env, (driver, request) => connect(driver.module, request, env, nativeOf(spec))),
};

async function connect(
  driver: Mysql,
  request: ConnectionRequest,
  env: ClientEnvironment,
  native: Record<string, unknown>,
): Promise<ConnectionOutcome> {
  const { server } = env;
  const config: mysql.ConnectionConfig = {
    host: server.host,
    port: server.port,
    user: request.user,
    password: request.password,
    database: request.database || undefined,
    ssl: await sslOptions(request, env),
    connectTimeout: request.timeoutMs,
    ...native,
  };
  const driverConfig = shownConfig(config as Record<string, unknown>);
  const connection = driver.createConnection(config);
  connection.on('error', () => {}); // a server that drops the connection must not crash the run
  try {
    await new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
    return { ...(await runStatements(request.sql, (sql) => query(connection, sql, request.timeoutMs), request.onStatement)), driverConfig };
  } catch (error) {
    return { ok: false, error: observedError(error), driverConfig };
  } finally {
    await new Promise<void>((resolve) => connection.end(() => resolve()));
    connection.destroy();
  }
}

/**
 * Runs a statement through the query's row events, keeping only the first rows of its last result set and
 * counting the rest: a callback would hold every row in memory. Rows come as objects; the fields give the order.
 */
function query(connection: mysql.Connection, sql: string, timeout: number): Promise<QueryRows> {
  return new Promise((resolve, reject) => {
    let current: { fields: mysql.FieldInfo[]; index: number; keeper: RowKeeper } | undefined;
    const query = connection.query({ sql, timeout });
    // Each result set announces its columns; a statement without rows gives an OK packet under its own index.
    query.on('fields', (fields: mysql.FieldInfo[], index: number) => (current = { fields, index, keeper: new RowKeeper() }));
    query.on('result', (row: Record<string, unknown>, index: number) => {
      if (current?.index === index) current.keeper.add(current.fields.map((field) => row[field.name]));
    });
    query.on('error', reject);
    query.on('end', () => resolve(current?.keeper.result()));
  });
}

async function sslOptions(request: ConnectionRequest, env: ClientEnvironment): Promise<mysql.ConnectionConfig['ssl']> {
  const mode = request.settings.tls?.mode ?? 'disable';
  if (mode === 'disable') return undefined;
  if (mode === 'require') return { rejectUnauthorized: false };
  return { rejectUnauthorized: true, ca: (await env.ctx.tls()).caCert };
}
