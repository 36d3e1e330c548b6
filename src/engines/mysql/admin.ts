import mysql from 'mysql2/promise';
import type { RunningServer } from '../../core/server.js';
import type { AdminSession } from '../../core/engine.js';
import { UnsupportedActionError } from '../unsupported-action.js';
import type { EffectiveSetting } from '../../core/report.js';
import { unreported } from '../../core/effective-settings.js';
import type { ServerSpec } from '../../core/specs.js';
import { tlsVariables, variableName } from './index.js';

export interface MysqlAdminSession extends AdminSession {
  /** The RSA public key (PEM) of caching_sha2_password, for clients that are given the key instead of fetching it. */
  serverPublicKey(): Promise<string>;
  /** One statement with `?` placeholders (values escaped by the client). */
  query(text: string, values: unknown[]): Promise<mysql.RowDataPacket[]>;
  /** Sets root's password for every host the image made root for (`localhost` and `%`). */
  setRootPassword(password: string): Promise<void>;
}

/** Accounts are for any host: connections arrive from the Docker bridge, not from localhost. */
const anyHost = '%';

/** An admin session over mysql2, as the runtime's superuser (`root@'%'` in the official image). */
export async function openMysqlAdmin(server: RunningServer, password = server.admin.password): Promise<MysqlAdminSession> {
  const connection = await connect(server, password);
  connection.on('error', () => {}); // a server that goes away must not crash the run
  const run = async (text: string, values: unknown[] = []) => {
    await connection.query(text, values);
  };
  return {
    async versionString() {
      const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT VERSION() AS version, @@version_comment AS comment');
      const row = rows[0];
      return row ? `${row.version} ${row.comment}`.trim() : '';
    },
    effectiveSettings: (spec) => readEffectiveSettings(connection, spec),
    sql: (text) => run(text),
    query: async (text, values) => (await connection.query<mysql.RowDataPacket[]>(text, values))[0],
    async createUser(name, password, plugin) {
      // The server's own error says when it does not have the plugin (e.g. mysql_native_password on 9.x).
      const using = plugin === undefined ? '' : ` WITH ${pluginName(plugin)}`;
      await run(`CREATE USER ?@? IDENTIFIED${using} BY ?`, [name, anyHost, password]);
    },
    async setPassword(name, password) {
      await run('ALTER USER ?@? IDENTIFIED BY ?', [name, anyHost, password]);
    },
    async setRootPassword(password) {
      await run("ALTER USER 'root'@'localhost' IDENTIFIED BY ?, 'root'@? IDENTIFIED BY ?", [password, anyHost, password]);
    },
    async dropUser(name) {
      await run('DROP USER IF EXISTS ?@?', [name, anyHost]);
    },
    async flushPrivileges() {
      await run('FLUSH PRIVILEGES');
    },
    reload() {
      throw new UnsupportedActionError('mysql', 'reload');
    },
    async serverPublicKey() {
      const [rows] = await connection.query<mysql.RowDataPacket[]>("SHOW STATUS LIKE 'Caching_sha2_password_rsa_public_key'");
      const key = String(rows[0]?.Value ?? '');
      if (!key.includes('PUBLIC KEY')) throw new Error('the server has no RSA key pair for caching_sha2_password');
      return key;
    },
    async [Symbol.asyncDispose]() {
      await connection.end().catch(() => connection.destroy());
    },
  };
}

async function connect(server: RunningServer, password: string): Promise<mysql.Connection> {
  const options: mysql.ConnectionOptions = {
    host: server.host,
    port: server.port,
    user: server.admin.user,
    password,
    database: server.admin.database || undefined,
    connectTimeout: 10_000,
    multipleStatements: true, // scenario `sql` steps may hold several statements
  };
  try {
    return await mysql.createConnection(options);
  } catch (error) {
    // require_secure_transport=ON refuses plain connections; how the admin connects does not matter.
    if ((error as { code?: unknown }).code !== 'ER_SECURE_TRANSPORT_REQUIRED') throw error;
    return mysql.createConnection({ ...options, ssl: { rejectUnauthorized: false } });
  }
}

/**
 * What decides TLS and authentication when compatlab leaves them to the server (MySQL makes its own certificate
 * and turns TLS on); each exists in some versions only (`have_ssl` up to 8.x, `default_authentication_plugin` up to 8.3).
 */
const watchedVariables = [
  'have_ssl',
  'tls_version',
  'require_secure_transport',
  'default_authentication_plugin',
  'authentication_policy',
  ...tlsVariables,
];

/** The global variables of the spec's settings and compatlab's, with where the server says each came from. */
async function readEffectiveSettings(connection: mysql.Connection, spec: ServerSpec): Promise<EffectiveSetting[]> {
  const [rows] = await connection.query<mysql.RowDataPacket[]>(
    `SELECT LOWER(g.VARIABLE_NAME) AS name, g.VARIABLE_VALUE AS value, i.VARIABLE_SOURCE AS source
     FROM performance_schema.global_variables g LEFT JOIN performance_schema.variables_info i USING (VARIABLE_NAME)
     WHERE LOWER(g.VARIABLE_NAME) IN (?) ORDER BY name`,
    [effectiveVariableNames(spec)],
  );
  return effectiveSettings(rows, spec, 'COMMAND_LINE');
}

/** The variables a report shows: the spec's settings and those compatlab relies on. */
export function effectiveVariableNames(spec: ServerSpec): string[] {
  return [...new Set([...Object.keys(spec.settings).map(variableName), ...watchedVariables])];
}

/** Rows of `name`, `value` and `source`: where the server says the value came from, `commandLine` meaning compatlab's. */
export function effectiveSettings(rows: mysql.RowDataPacket[], spec: ServerSpec, commandLine: string): EffectiveSetting[] {
  const scenario = new Set(Object.keys(spec.settings).map(variableName));
  const ours = new Set(spec.tls.enabled ? tlsVariables.filter((v) => v !== 'ssl_ca' || spec.tls.clientCa) : []);
  const settings = rows.map((row): EffectiveSetting => {
    const name = String(row.name);
    // compatlab gives the server its command line; option files are the image's or package's own.
    const setBy = scenario.has(name) ? 'scenario' : ours.has(name) || row.source === commandLine ? 'compatlab' : 'server default';
    return { name, value: String(row.value ?? ''), setBy };
  });
  return [...settings, ...unreported(scenario, settings)];
}

/** Plugin names go into the statement as identifiers, so only plain names are accepted. */
function pluginName(plugin: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(plugin)) throw new Error(`"${plugin}" is not an authentication plugin name`);
  return plugin;
}
