import pg from 'pg';
import type { ServerSpec } from '../core/specs.js';
import type { RunningServer } from '../runtimes/runtime.js';
import type { AdminSession, Engine, ServerTlsFiles } from '../core/engine.js';
import { UnsupportedActionError } from './unsupported-action.js';

export const postgresEngine: Engine = {
  name: 'postgres',
  port: 5432,
  container: {
    repository: 'postgres',
    adminUser: 'postgres',
    adminDatabase: 'postgres',
    env: (password) => ({ POSTGRES_PASSWORD: password }),
    command: (args) => ['postgres', ...args],
    // The image's init step runs a temporary server that logs the same line.
    ready: { line: /database system is ready to accept connections/, times: 2 },
    serverUser: 'postgres',
  },

  serverArgs(spec: ServerSpec, tls: ServerTlsFiles | undefined): string[] {
    const settings: Record<string, string | number | boolean> = { ...spec.settings };
    if (tls) {
      Object.assign(settings, { ssl: 'on', ssl_cert_file: tls.cert, ssl_key_file: tls.key });
      if (tls.clientCa) settings.ssl_ca_file = tls.clientCa;
    }
    return Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${pgSetting(value)}`]);
  },

  reservedSetting(name: string): string | undefined {
    // GUC names are case-insensitive.
    return reserved[name.toLowerCase()];
  },

  async admin(server: RunningServer): Promise<AdminSession> {
    const client = new pg.Client({
      host: server.host,
      port: server.port,
      user: server.admin.user,
      password: server.admin.password,
      database: server.admin.database,
      ssl: false,
      connectionTimeoutMillis: 10_000,
    });
    // A server that dies (a crash is a finding) fails the pending query; it must not crash the run.
    client.on('error', () => {});
    await client.connect();
    const run = async (text: string) => {
      await client.query(text);
    };
    return {
      async versionString() {
        const result = await client.query<{ version: string }>('SELECT version()');
        return result.rows[0]?.version ?? '';
      },
      sql: run,
      async createUser(name, password, plugin) {
        if (plugin) await run(`SET password_encryption = ${client.escapeLiteral(plugin)}`);
        await run(`CREATE ROLE ${client.escapeIdentifier(name)} LOGIN PASSWORD ${client.escapeLiteral(password)}`);
      },
      async setPassword(name, password) {
        await run(`ALTER ROLE ${client.escapeIdentifier(name)} PASSWORD ${client.escapeLiteral(password)}`);
      },
      async dropUser(name) {
        await run(`DROP ROLE IF EXISTS ${client.escapeIdentifier(name)}`);
      },
      flushPrivileges() {
        throw new UnsupportedActionError('postgres', 'flush-privileges');
      },
      async reload() {
        await run('SELECT pg_reload_conf()');
      },
      async [Symbol.asyncDispose]() {
        await client.end().catch(() => {});
      },
    };
  },
};

const reserved: Record<string, string> = {
  listen_addresses: 'servers listen on loopback (127.0.0.1) only; listen_addresses would expose this one to the network',
  port: 'the runtime chooses the port',
  unix_socket_directories: 'the runtime chooses where the socket is',
};

function pgSetting(value: string | number | boolean): string {
  return typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value);
}
