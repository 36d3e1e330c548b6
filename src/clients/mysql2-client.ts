import type { TLSSocket } from 'node:tls';
import type mysql from 'mysql2/promise';
import type { Client, ClientEnvironment, ConnectionOutcome, ConnectionRequest } from '../core/client.js';
import { SkipError } from '../core/errors.js';
import { observedError } from '../core/observed-error.js';
import { AuthProbe, type AuthPlugins } from './mysql2-auth-probe.js';
import { nativeOf, nativeOnly, shownConfig } from './driver-config.js';
import { openNodeDriver, type LoadedDriver } from './node-driver.js';
import { runStatements, type QueryRows } from './statements.js';
import { RowKeeper } from '../core/evidence-value.js';

type Mysql2 = typeof mysql;

/**
 * mysql2 (node-mysql2). Absent settings mean mysql2's defaults: no TLS, and the server's RSA key
 * fetched whenever full authentication needs it. Errors carry mysql2's `code`: the server's error
 * name (`ER_ACCESS_DENIED_ERROR`) or a network/handshake code (`ECONNREFUSED`, `HANDSHAKE_SSL_ERROR`).
 */
export const mysql2Client: Client = {
  name: 'mysql2',
  description: 'node-mysql2',
  protocols: ['mysql'],
  supports: {
    'tls.mode': ['disable', 'require', 'verify-ca', 'verify-full'],
    'tls.minVersion': true,
    'tls.maxVersion': true,
    serverPublicKey: ['fetch', 'file'],
    sql: true,
  },
  limits: {
    'tls.mode=prefer': 'mysql2 has no "preferred" TLS mode: with `ssl` set it requires TLS, without it never uses TLS',
    'serverPublicKey=none': 'mysql2 always asks the server for its RSA public key when it needs one; it cannot be told not to',
    resumeTlsSession: 'mysql2 cannot be handed a TLS session; it only resumes sessions from its own cache',
  },

  options: nativeOnly,
  open: (spec, env) =>
    openNodeDriver<Mysql2>(
      'mysql2',
      spec,
      env,
      (driver, request) => connect(driver.module, loadAuthPlugins(driver), request, env, nativeOf(spec)),
      'mysql2/promise',
    ),
};

async function connect(
  driver: Mysql2,
  authPlugins: AuthPlugins | undefined,
  request: ConnectionRequest,
  env: ClientEnvironment,
  native: Record<string, unknown>,
): Promise<ConnectionOutcome> {
  const { server } = env;
  const ssl = await sslOptions(request, env);
  const serverPublicKey = request.settings.serverPublicKey === 'file' ? await env.serverPublicKey() : undefined;
  if (serverPublicKey && !authPlugins)
    throw new SkipError('this mysql2 version has no authPlugins option, so it cannot be given the server key');
  const probe = authPlugins && new AuthProbe(authPlugins, ssl !== undefined, serverPublicKey);
  let connection: mysql.Connection | undefined;
  const config: mysql.ConnectionOptions = {
    host: server.host,
    port: server.port,
    user: request.user,
    password: request.password,
    database: request.database || undefined,
    ssl,
    connectTimeout: request.timeoutMs,
    ...(probe ? { authPlugins: probe.plugins() } : {}),
    ...native,
  };
  const driverConfig = shownConfig(config as Record<string, unknown>);
  try {
    connection = await driver.createConnection(config);
    connection.on('error', () => {}); // a server that drops the connection must not crash the run
    const socket = tlsSocket(connection);
    const tls = socket && { protocol: socket.getProtocol(), cipher: socket.getCipher()?.name, sessionReused: socket.isSessionReused() };
    const open = connection;
    const statements = await runStatements(request.sql, (sql) => streamRows(open, sql, request.timeoutMs), request.onStatement);
    return { ...statements, tls, auth: probe?.evidence(), driverConfig };
  } catch (error) {
    return { ok: false, error: observedError(error), auth: probe?.evidence(), driverConfig };
  } finally {
    await connection?.end().catch(() => connection?.destroy());
  }
}

/** The loaded copy's own auth plugins: exported since mysql2 3, in lib/ before; absent, the probe is off. */
function loadAuthPlugins(driver: LoadedDriver<Mysql2>): AuthPlugins | undefined {
  const exported = (driver.require('mysql2') as { authPlugins?: Partial<AuthPlugins> }).authPlugins;
  if (exported?.caching_sha2_password && exported.sha256_password) return exported as AuthPlugins;
  try {
    return {
      caching_sha2_password: driver.require('mysql2/lib/auth_plugins/caching_sha2_password.js') as AuthPlugins['caching_sha2_password'],
      sha256_password: driver.require('mysql2/lib/auth_plugins/sha256_password.js') as AuthPlugins['sha256_password'],
    };
  } catch {
    return undefined;
  }
}

async function sslOptions(request: ConnectionRequest, env: ClientEnvironment): Promise<mysql.SslOptions | undefined> {
  const tls = request.settings.tls ?? {};
  const mode = tls.mode ?? 'disable';
  if (mode === 'disable') return undefined;
  const verify = mode === 'verify-ca' || mode === 'verify-full';
  // A new object for every connection: mysql2 caches TLS sessions per `ssl` object, and must not resume one unasked.
  const options: mysql.SslOptions = { rejectUnauthorized: verify, verifyIdentity: mode === 'verify-full' };
  if (verify) options.ca = (await env.ctx.tls()).caCert;
  if (tls.minVersion) options.minVersion = tls.minVersion;
  if (tls.maxVersion) options.maxVersion = tls.maxVersion;
  return options;
}

/** mysql2 swaps its socket for a TLS socket after the SSL request; `stream` is not public API. */
function tlsSocket(connection: mysql.Connection): TLSSocket | undefined {
  const stream = (connection as unknown as { connection?: { stream?: unknown } }).connection?.stream;
  return stream && typeof (stream as TLSSocket).getProtocol === 'function' ? (stream as TLSSocket) : undefined;
}

/**
 * Runs a statement through the core connection's row events, keeping only the first rows of its last result
 * and counting the rest: mysql2's promise API would hold every row of a big result in memory.
 */
function streamRows(open: mysql.Connection, sql: string, timeout: number): Promise<QueryRows> {
  return new Promise((resolve, reject) => {
    let keeper: RowKeeper | undefined;
    const core = (open as unknown as { connection: import('mysql2').Connection }).connection;
    const query = core.query({ sql, rowsAsArray: true, timeout });
    // Each result announces its columns (none for a statement without rows); the last one's rows count.
    query.on('fields', (fields?: unknown[]) => (keeper = fields ? new RowKeeper() : undefined));
    query.on('result', (row: unknown) => {
      if (Array.isArray(row)) keeper?.add(row);
    });
    query.on('error', reject);
    query.on('end', () => resolve(keeper?.result()));
  });
}
