import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningServer } from '../../core/server.js';
import { ownTlsSettingReason, type AdminSession, type ConfigChange, type Engine } from '../../core/engine.js';
import type { EffectiveSetting } from '../../core/report.js';
import { unreported } from '../../core/effective-settings.js';
import type { ServerSpec } from '../../core/specs.js';
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

  reservedSetting(name: string, tls?: ServerSpec['tls']): string | undefined {
    // GUC names are case-insensitive.
    const setting = name.toLowerCase();
    if (reserved[setting]) return reserved[setting];
    if (tlsSettings.includes(setting) && (tls === undefined || tls.enabled)) {
      return ownTlsSettingReason(setting, tls);
    }
    return undefined;
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
      effectiveSettings: (spec) => readEffectiveSettings(client, spec),
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

/** The settings compatlab sets for `server.tls` (`ssl_ca_file` with `clientCa` only). */
const tlsSettings = ['ssl', 'ssl_cert_file', 'ssl_key_file', 'ssl_ca_file'];
/** Settings compatlab relies on without setting them in every case: how passwords are hashed. */
const watchedSettings = ['password_encryption'];

/** `pg_settings` for the spec's settings, compatlab's, and the authentication rules (pg_hba.conf) as the server read them. */
async function readEffectiveSettings(client: PgClient, spec: ServerSpec): Promise<EffectiveSetting[]> {
  const scenario = new Set(Object.keys(spec.settings).map((k) => k.toLowerCase()));
  const ours = new Set(spec.tls.enabled ? tlsSettings.filter((s) => s !== 'ssl_ca_file' || spec.tls.clientCa) : []);
  const names = [...new Set([...scenario, ...ours, ...watchedSettings])];
  const { rows } = await client.query<{ name: string; setting: string; unit: string | null; source: string }>(
    'SELECT name, setting, unit, source FROM pg_settings WHERE name = ANY($1) ORDER BY name',
    [names],
  );
  const settings = rows.map((row): EffectiveSetting => ({
    name: row.name,
    value: row.unit ? `${row.setting} (${row.unit})` : row.setting,
    setBy: scenario.has(row.name) ? 'scenario' : ours.has(row.name) || row.source !== 'default' ? 'compatlab' : 'server default',
  }));
  // pg_hba_file_rules exists from PostgreSQL 10 on; compatlab writes the lines (the version's defaults, or the scenario's `server.hba`).
  const hba = await client
    .query<{ line: string }>(
      `SELECT concat_ws(' ', type, array_to_string(database, ','), array_to_string(user_name, ','), address, netmask, auth_method,
         CASE WHEN error IS NOT NULL THEN '(error: ' || error || ')' END) AS line
       FROM pg_hba_file_rules ORDER BY line_number`,
    )
    .then(
      (result) => result.rows.map((r) => r.line),
      () => undefined,
    );
  if (hba) settings.push({ name: 'pg_hba_file_rules', value: hba, setBy: spec.hba ? 'scenario' : 'compatlab' });
  return [...settings, ...unreported(scenario, settings)];
}

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
