import { createRequire } from 'node:module';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import pg from 'pg';
import type { ClientSettings } from '../config/schema.js';
import type { Client, ConnectOutcome, ConnectRequest } from './client.js';
import { observedError } from './observed-error.js';

const pgVersion = (createRequire(import.meta.url)('pg/package.json') as { version: string }).version;

/** node-postgres: TLS mode, versions, certificate checks and session resumption map onto Node's TLS options. */
export const pgClient: Client = {
  driver: 'pg',

  version: () => Promise.resolve(pgVersion),

  unsupported(settings: ClientSettings): string | undefined {
    if (settings.tls?.mode === 'prefer') return 'node-postgres has no sslmode=prefer (no fallback to a plain connection)';
    if (settings.serverPublicKey !== undefined) return 'serverPublicKey is a MySQL setting';
    return undefined;
  },

  async connect(request: ConnectRequest): Promise<ConnectOutcome> {
    const { server } = request;
    const client = new pg.Client({
      host: server.host,
      port: server.port,
      user: request.user,
      password: request.password,
      database: request.database,
      ssl: await tlsOptions(request),
      connectionTimeoutMillis: request.timeoutMs,
      query_timeout: request.timeoutMs,
    });
    client.on('error', () => {}); // a server that drops the connection must not crash the run
    let socket: TLSSocket | undefined;
    try {
      await client.connect();
      socket = tlsSocket(client);
      await client.query('SELECT 1');
      return {
        ok: true,
        tls: socket && {
          protocol: socket.getProtocol(),
          cipher: socket.getCipher()?.name,
          sessionReused: socket.isSessionReused(),
        },
        tlsSession: socket?.getSession(),
      };
    } catch (error) {
      return { ok: false, error: observedError(error) };
    } finally {
      await client.end().catch(() => {});
    }
  },
};

async function tlsOptions(request: ConnectRequest): Promise<ConnectionOptions | false> {
  const tls = request.settings.tls ?? {};
  const mode = tls.mode ?? 'disable';
  if (mode === 'disable') return false;
  const verify = mode === 'verify-ca' || mode === 'verify-full';
  const options: ConnectionOptions = { rejectUnauthorized: verify };
  // Node's TLS layer asserts on options that are present but undefined, so only set what is asked for.
  if (verify) options.ca = (await request.ctx.tls()).caCert;
  if (mode === 'verify-ca') options.checkServerIdentity = () => undefined;
  if (tls.minVersion) options.minVersion = tls.minVersion;
  if (tls.maxVersion) options.maxVersion = tls.maxVersion;
  if (request.resumeTlsSession) options.session = request.resumeTlsSession;
  return options;
}

/** node-postgres swaps its socket for a TLS socket after the SSLRequest; it is not public API. */
function tlsSocket(client: pg.Client): TLSSocket | undefined {
  const stream = (client as unknown as { connection?: { stream?: unknown } }).connection?.stream;
  return stream && typeof (stream as TLSSocket).getProtocol === 'function' ? (stream as TLSSocket) : undefined;
}
