import type { TLSSocket } from 'node:tls';
import type mysql from 'mysql2/promise';
import type { Client, ClientEnvironment, ConnectionOutcome, ConnectionRequest } from '../core/client.js';
import { observedError } from '../core/observed-error.js';
import type { AuthProbe } from './mysql2-auth-probe.js';
import { loadDriver } from './node-driver.js';
import { runStatements } from './statements.js';

type Mysql2 = typeof mysql;

/**
 * mysql2 (node-mysql2). Absent settings mean mysql2's defaults: no TLS, and the server's RSA key
 * fetched whenever full authentication needs it. Errors carry mysql2's `code`: the server's error
 * name (`ER_ACCESS_DENIED_ERROR`) or a network/handshake code (`ECONNREFUSED`, `HANDSHAKE_SSL_ERROR`).
 */
export const mysql2Client: Client = {
  name: 'mysql2',
  description: 'node-mysql2',
  engines: ['mysql'],
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

  async open(spec, env) {
    const driver = loadDriver<Mysql2>('mysql2/promise', spec, 'mysql2');
    // The probe imports mysql2's auth plugins: loaded with the driver, not with the registry.
    const { AuthProbe: Probe } = await import('./mysql2-auth-probe.js');
    return {
      version: driver.version,
      origin: driver.origin,
      session: {
        connect: (request) => connect(driver.module, Probe, request, env),
        [Symbol.asyncDispose]: () => Promise.resolve(),
      },
    };
  },
};

async function connect(
  driver: Mysql2,
  Probe: typeof AuthProbe,
  request: ConnectionRequest,
  env: ClientEnvironment,
): Promise<ConnectionOutcome> {
  const { server } = env;
  const ssl = await sslOptions(request, env);
  const serverPublicKey = request.settings.serverPublicKey === 'file' ? await env.serverPublicKey() : undefined;
  const probe = new Probe(ssl !== undefined, serverPublicKey);
  let connection: mysql.Connection | undefined;
  try {
    connection = await driver.createConnection({
      host: server.host,
      port: server.port,
      user: request.user,
      password: request.password,
      database: request.database || undefined,
      ssl,
      connectTimeout: request.timeoutMs,
      authPlugins: probe.plugins(),
    });
    connection.on('error', () => {}); // a server that drops the connection must not crash the run
    const socket = tlsSocket(connection);
    const tls = socket && { protocol: socket.getProtocol(), cipher: socket.getCipher()?.name, sessionReused: socket.isSessionReused() };
    const open = connection;
    const statements = await runStatements(request.sql, async (sql) => {
      const [rows] = await open.query({ sql, rowsAsArray: true, timeout: request.timeoutMs });
      return Array.isArray(rows) ? (rows as unknown[][]) : undefined;
    });
    return { ...statements, tls, auth: probe.evidence() };
  } catch (error) {
    return { ok: false, error: observedError(error), auth: probe.evidence() };
  } finally {
    await connection?.end().catch(() => connection?.destroy());
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
