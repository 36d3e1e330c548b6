import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningServer } from '../../core/server.js';
import type { AdminSession, ConfigChange, Engine } from '../../core/engine.js';
import { UnsupportedActionError } from '../unsupported-action.js';
import { postgresServerArgs } from './args.js';
import { hbaProblem, postgresDefaults, withAdminLine } from './defaults.js';
import { postgresLocal } from './local.js';
import { postgresBinarySources } from './binary-sources.js';

const passwordHashing = ['md5', 'scram-sha-256'];

export const postgresEngine: Engine = {
  name: 'postgres',
  protocol: 'postgres',
  port: 5432,
  actions: ['reload'],
  binarySources: postgresBinarySources,
  local: postgresLocal,
  defaults: postgresDefaults,
  userPluginProblem: (plugin) =>
    passwordHashing.includes(plugin) ? undefined : `postgres hashes passwords with ${passwordHashing.join(' or ')}, not "${plugin}"`,
  changeProblem: (change) => (change.hba ? hbaProblem(change.hba) : undefined),
  async configure(server) {
    if (!server.spec.hba) return;
    await using admin = await postgresEngine.admin(server);
    await admin.reload({ hba: server.spec.hba });
  },
  container: {
    repository: 'postgres',
    adminUser: 'postgres',
    adminDatabase: 'postgres',
    env: (password) => ({ POSTGRES_PASSWORD: password }),
    command: (args) => ['postgres', ...args],
    // The image's init step runs a temporary server that logs the same line.
    ready: { line: /database system is ready to accept connections/, times: 2 },
    serverUser: 'postgres',
    warm: {
      // The official image declares its data directory (or, from 18 on, its parent) a VOLUME.
      env: { PGDATA: '/var/lib/compatlab-data' },
      args: [],
      foundData: /Database directory appears to contain a database; Skipping initialization/,
      async resetAdminPassword(server, oldPassword) {
        await using admin = await postgresEngine.admin(server, oldPassword);
        await admin.setPassword(server.admin.user, server.admin.password);
      },
    },
  },

  serverArgs: postgresServerArgs,

  reservedSetting(name: string): string | undefined {
    // GUC names are case-insensitive.
    return reserved[name.toLowerCase()];
  },

  async admin(server: RunningServer, password = server.admin.password): Promise<AdminSession> {
    // Loaded when a server needs it, not when the registry is read (`validate`, `list`).
    const { default: pg } = await import('pg');
    const client = new pg.Client({
      host: server.host,
      port: server.port,
      user: server.admin.user,
      password,
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
        // A role that owns objects cannot be dropped; DROP OWNED BY (this database) drops them and its grants first.
        const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
        if (found.rowCount === 0) return;
        await run(`DROP OWNED BY ${client.escapeIdentifier(name)}`);
        await run(`DROP ROLE ${client.escapeIdentifier(name)}`);
      },
      flushPrivileges() {
        throw new UnsupportedActionError('postgres', 'flush-privileges');
      },
      async reload(change?: ConfigChange) {
        if (change?.hba) await writeHba(client, withAdminLine(server.admin.user, change.hba));
        const before = await loadTime(client);
        await run('SELECT pg_reload_conf()');
        // The postmaster re-reads first, then signals its backends: once this one has, the new lines are in force.
        for (let waited = 0; waited < 5_000 && (await loadTime(client)) === before; waited += 20) await sleep(20);
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

type PgClient = InstanceType<(typeof import('pg'))['default']['Client']>;

async function loadTime(client: PgClient): Promise<string> {
  const result = await client.query<{ t: string }>('SELECT pg_conf_load_time()::text AS t');
  return result.rows[0]?.t ?? '';
}

/** The server writes its own pg_hba file (wherever the runtime keeps it), and says which lines it cannot read. */
async function writeHba(client: PgClient, lines: string[]): Promise<void> {
  const file = (await client.query<{ hba_file: string }>('SHOW hba_file')).rows[0]?.hba_file ?? '';
  const array = `ARRAY[${lines.map((line) => client.escapeLiteral(line)).join(', ')}]::text[]`;
  await client.query(`COPY (SELECT unnest(${array})) TO ${client.escapeLiteral(file)}`);
  const errors = await client.query<{ line_number: number; error: string }>(
    'SELECT line_number, error FROM pg_hba_file_rules WHERE error IS NOT NULL ORDER BY line_number',
  );
  if (errors.rows.length > 0) {
    throw new Error(`pg_hba: ${errors.rows.map((r) => `line ${r.line_number - 1}: ${r.error}`).join('; ')}`);
  }
}
