import type { ConnectionOptions, TLSSocket } from 'node:tls';
import type pg from 'pg';
import { z } from 'zod';
import type { Client, ClientEnvironment, ConnectionOutcome, ConnectionRequest } from '../core/client.js';
import { observedError } from '../core/observed-error.js';
import { nativeOption, shownConfig } from './driver-config.js';
import { openNodeDriver } from './node-driver.js';
import { openNodeProbe } from './node/node-probe.js';
import { nodeVersion } from './node/node-version.js';
import { nodeTlsOptions } from './node-tls.js';
import { runStatements } from './statements.js';
import { RowKeeper } from '../core/evidence-value.js';

type Pg = typeof pg;

const options = z.strictObject({
  /** Run the driver on this Node (`12`, `12.22.12`), fetched from the npm registry, instead of inside compatlab. */
  node: nodeVersion.optional(),
  /** node-postgres's own client options, as written (they win), e.g. `{ ssl: true }`. */
  native: nativeOption,
});

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
  options,

  open(spec, env) {
    const { node, native } = options.parse(spec.options ?? {});
    if (node !== undefined) return openNodeProbe('pg', spec, env, String(node), native);
    // TLS sessions saved by this cell's connections, by connection name, for later ones to resume.
    const sessions = new Map<string, Buffer>();
    return openNodeDriver<Pg>('pg', spec, env, (driver, request) => connect(driver.module, request, env, sessions, native ?? {}));
  },
};

async function connect(
  driver: Pg,
  request: ConnectionRequest,
  env: ClientEnvironment,
  sessions: Map<string, Buffer>,
  native: Record<string, unknown>,
): Promise<ConnectionOutcome> {
  const { server } = env;
  const config: pg.ClientConfig = {
    host: server.host,
    port: server.port,
    user: request.user,
    database: request.database,
    ssl: await tlsOptions(request, env, sessions),
    connectionTimeoutMillis: request.timeoutMs,
    query_timeout: request.timeoutMs,
    ...native,
  };
  const driverConfig = shownConfig(config as Record<string, unknown>);
  const client = new driver.Client({ ...config, password: request.password });
  client.on('error', () => {}); // a server that drops the connection must not crash the run
  let socket: TLSSocket | undefined;
  try {
    await client.connect();
    socket = tlsSocket(client);
    const tls = socket && { protocol: socket.getProtocol(), cipher: socket.getCipher()?.name, sessionReused: socket.isSessionReused() };
    const session = socket?.getSession();
    if (session) sessions.set(request.name, session);
    const statements = await runStatements(request.sql, (sql) => streamRows(driver, client, sql), request.onStatement);
    return { ...statements, tls, driverConfig };
  } catch (error) {
    return { ok: false, error: observedError(error), driverConfig };
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Runs a statement keeping only the first rows of its result and counting the rest, so a statement returning
 * millions of rows never sits in memory. Several statements in one string give one result each; the last one's
 * rows count. node-postgres keeps every row unless its (stable, unexported) `handleDataRow` is replaced.
 */
function streamRows(driver: Pg, client: pg.Client, sql: string): Promise<{ rows: unknown[][]; rowCount: number }> {
  return new Promise((resolve, reject) => {
    const query = new driver.Query({ text: sql, rowMode: 'array' } as pg.QueryConfig) as unknown as pg.Query & StreamedQuery;
    let keeper = new RowKeeper();
    let current: unknown;
    query.handleDataRow = function (this: StreamedQuery, message) {
      if (this._result !== current) [current, keeper] = [this._result, new RowKeeper()];
      keeper.add(this._result.parseRow(message.fields) as unknown[]);
    };
    query.callback = (error) => (error ? reject(error) : resolve(keeper.result()));
    client.query(query);
  });
}

interface StreamedQuery {
  _result: { parseRow(fields: unknown[]): unknown };
  handleDataRow(message: { fields: unknown[] }): void;
  callback?: (error: Error | null) => void;
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
