import type { ConnectionOptions, TLSSocket } from 'node:tls';
import type pg from 'pg';
import type { Client, ClientEnvironment, ConnectionOutcome, ConnectionRequest } from '../core/client.js';
import { observedError } from '../core/observed-error.js';
import { openNodeDriver } from './node-driver.js';
import { nodeTlsOptions } from './node-tls.js';
import { runStatements } from './statements.js';

type Pg = typeof pg;

/** node-postgres: TLS mode, versions, certificate checks and session resumption map onto Node's TLS options. */
export const pgClient: Client = {
  name: 'pg',
  description: 'node-postgres',
  protocols: ['postgres'],
  supports: {
    'tls.mode': ['disable', 'require', 'verify-ca', 'verify-full'],
    'tls.minVersion': true,
    'tls.maxVersion': true,
    resumeTlsSession: true,
    sql: true,
  },
  limits: { 'tls.mode=prefer': 'node-postgres has no sslmode=prefer (no fallback to a plain connection)' },

  open(spec, env) {
    // TLS sessions saved by this cell's connections, by connection name, for later ones to resume.
    const sessions = new Map<string, Buffer>();
    return openNodeDriver<Pg>('pg', spec, env, (driver, request) => connect(driver.module, request, env, sessions));
  },
};

async function connect(
  driver: Pg,
  request: ConnectionRequest,
  env: ClientEnvironment,
  sessions: Map<string, Buffer>,
): Promise<ConnectionOutcome> {
  const { server } = env;
  const client = new driver.Client({
    host: server.host,
    port: server.port,
    user: request.user,
    password: request.password,
    database: request.database,
    ssl: await tlsOptions(request, env, sessions),
    connectionTimeoutMillis: request.timeoutMs,
    query_timeout: request.timeoutMs,
  });
  client.on('error', () => {}); // a server that drops the connection must not crash the run
  let socket: TLSSocket | undefined;
  try {
    await client.connect();
    socket = tlsSocket(client);
    const tls = socket && { protocol: socket.getProtocol(), cipher: socket.getCipher()?.name, sessionReused: socket.isSessionReused() };
    const session = socket?.getSession();
    if (session) sessions.set(request.name, session);
    const statements = await runStatements(request.sql, async (sql) => {
      // Several statements in one string give one result each; the last one's rows count.
      const result = (await client.query({ text: sql, rowMode: 'array' })) as pg.QueryArrayResult | pg.QueryArrayResult[];
      const last = Array.isArray(result) ? result[result.length - 1] : result;
      return last?.rows;
    });
    return { ...statements, tls };
  } catch (error) {
    return { ok: false, error: observedError(error) };
  } finally {
    await client.end().catch(() => {});
  }
}

async function tlsOptions(
  request: ConnectionRequest,
  env: ClientEnvironment,
  sessions: Map<string, Buffer>,
): Promise<ConnectionOptions | false> {
  const options = await nodeTlsOptions(request.settings.tls, env);
  if (!options) return false;
  const session = request.resumeTlsSessionFrom && sessions.get(request.resumeTlsSessionFrom);
  if (session) options.session = session;
  return options;
}

/** node-postgres swaps its socket for a TLS socket after the SSLRequest; it is not public API. */
function tlsSocket(client: pg.Client): TLSSocket | undefined {
  const stream = (client as unknown as { connection?: { stream?: unknown } }).connection?.stream;
  return stream && typeof (stream as TLSSocket).getProtocol === 'function' ? (stream as TLSSocket) : undefined;
}
