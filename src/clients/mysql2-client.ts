import { createRequire } from 'node:module';
import type { TLSSocket } from 'node:tls';
import mysql from 'mysql2/promise';
import type { ClientSettings } from '../config/schema.js';
import { readServerPublicKey } from '../engines/mysql.js';
import type { Client, ConnectOutcome, ConnectRequest } from './client.js';
import { AuthProbe } from './mysql2-auth-probe.js';
import { observedError } from './observed-error.js';

const mysql2Version = (createRequire(import.meta.url)('mysql2/package.json') as { version: string }).version;

/**
 * mysql2 (node-mysql2). Absent settings mean mysql2's defaults: no TLS, and the server's RSA key
 * fetched whenever full authentication needs it. Errors carry mysql2's `code`: the server's error
 * name (`ER_ACCESS_DENIED_ERROR`) or a network/handshake code (`ECONNREFUSED`, `HANDSHAKE_SSL_ERROR`).
 */
export const mysql2Client: Client = {
  driver: 'mysql2',

  version: () => Promise.resolve(mysql2Version),

  unsupported(settings: ClientSettings, resumesTlsSession: boolean): string | undefined {
    if (settings.tls?.mode === 'prefer') {
      return 'mysql2 has no "preferred" TLS mode: with `ssl` set it requires TLS, without it never uses TLS';
    }
    if (settings.serverPublicKey === 'none') {
      return 'mysql2 always asks the server for its RSA public key when it needs one; it cannot be told not to';
    }
    if (resumesTlsSession) return 'mysql2 cannot be handed a TLS session; it only resumes sessions from its own cache';
    return undefined;
  },

  async connect(request: ConnectRequest): Promise<ConnectOutcome> {
    const { server, settings } = request;
    const ssl = await sslOptions(request);
    const probe = new AuthProbe(ssl !== undefined, settings.serverPublicKey === 'file' ? await readServerPublicKey(server) : undefined);
    let connection: mysql.Connection | undefined;
    try {
      connection = await mysql.createConnection({
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
      await connection.query({ sql: 'SELECT 1', timeout: request.timeoutMs });
      const socket = tlsSocket(connection);
      return {
        ok: true,
        tls: socket && { protocol: socket.getProtocol(), cipher: socket.getCipher()?.name, sessionReused: socket.isSessionReused() },
        auth: probe.evidence(),
      };
    } catch (error) {
      return { ok: false, error: observedError(error), auth: probe.evidence() };
    } finally {
      await connection?.end().catch(() => connection?.destroy());
    }
  },
};

async function sslOptions(request: ConnectRequest): Promise<mysql.SslOptions | undefined> {
  const tls = request.settings.tls ?? {};
  const mode = tls.mode ?? 'disable';
  if (mode === 'disable') return undefined;
  const verify = mode === 'verify-ca' || mode === 'verify-full';
  // A new object for every connection: mysql2 caches TLS sessions per `ssl` object, and must not resume one unasked.
  const options: mysql.SslOptions = { rejectUnauthorized: verify, verifyIdentity: mode === 'verify-full' };
  if (verify) options.ca = (await request.ctx.tls()).caCert;
  if (tls.minVersion) options.minVersion = tls.minVersion;
  if (tls.maxVersion) options.maxVersion = tls.maxVersion;
  return options;
}

/** mysql2 swaps its socket for a TLS socket after the SSL request; `stream` is not public API. */
function tlsSocket(connection: mysql.Connection): TLSSocket | undefined {
  const stream = (connection as unknown as { connection?: { stream?: unknown } }).connection?.stream;
  return stream && typeof (stream as TLSSocket).getProtocol === 'function' ? (stream as TLSSocket) : undefined;
}
