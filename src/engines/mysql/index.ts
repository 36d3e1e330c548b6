import { InfraError, errorMessage } from '../../core/errors.js';
import type { RunningServer } from '../../core/server.js';
import { ownTlsSettingReason, type Engine } from '../../core/engine.js';
import type { ServerSpec } from '../../core/specs.js';
import type { MysqlAdminSession } from './admin.js';
import { mysqlServerArgs } from './args.js';
import { mysqlLocal } from './local.js';
import { mysqlBinarySources } from './binary-sources.js';

/** The MySQL engine, whose admin session can also read the server's RSA public key. */
export interface MysqlEngine extends Engine {
  admin(server: RunningServer, password?: string): Promise<MysqlAdminSession>;
}

/**
 * MySQL. `server.tls: false` (the scenario default) means "the server's own defaults", and MySQL's
 * default is TLS ON with certificates it generates itself at initialisation. That is the server
 * people run and report bugs against, so compatlab does not change it. `server.tls: true` swaps in
 * compatlab's CA-signed certificate; to switch TLS off, set `tls_version: ""` in the server settings.
 */
export const mysqlEngine: MysqlEngine = {
  name: 'mysql',
  protocol: 'mysql',
  port: 3306,
  actions: ['flush-privileges'],
  // MySQL's default plugins and TLS are its version's own: compatlab sets nothing.
  defaults: () => ({ settings: {} }),
  userPluginProblem: (plugin) => (/^[A-Za-z0-9_]+$/.test(plugin) ? undefined : `"${plugin}" is not an authentication plugin name`),
  binarySources: mysqlBinarySources,
  local: mysqlLocal,
  container: {
    repository: 'mysql',
    adminUser: 'root',
    // No database: an account without privileges may not use `mysql`, and needs none to log in.
    adminDatabase: '',
    env: (password) => ({ MYSQL_ROOT_PASSWORD: password }),
    command: (args) => ['mysqld', ...args],
    // The image's init server also logs "ready for connections", but with `port: 0` (--skip-networking);
    // the X plugin logs "ready for connections ... port: 33060".
    ready: { line: /mysqld: ready for connections\. Version: .* port: 3306\b/, times: 1 },
    serverUser: 'mysql',
    warm: {
      // The official image declares /var/lib/mysql a VOLUME.
      env: {},
      args: ['--datadir=/var/lib/compatlab-data'],
      foundData: /Database directory appears to contain a database; skipping initialization/,
      async resetAdminPassword(server, oldPassword) {
        await using admin = await mysqlEngine.admin(server, oldPassword);
        await admin.setRootPassword(server.admin.password);
      },
    },
  },

  serverArgs: mysqlServerArgs,

  reservedSetting(name: string, tls?: ServerSpec['tls']): string | undefined {
    // mysqld treats - and _ alike, ignores a `loose-` prefix and accepts unambiguous prefixes of option names.
    const option = variableName(name);
    if (tlsVariables.includes(option) && (tls === undefined || tls.enabled)) {
      return ownTlsSettingReason(option, tls);
    }
    if (option.length >= 4 && (option.includes('address') || listenOptions.some((o) => o.startsWith(option)))) {
      return `servers listen on loopback only; ${name} would change the address ${option.startsWith('mysqlx') ? 'the X plugin' : 'mysqld'} listens on`;
    }
    if (option === 'port' || option === 'skip_networking' || option === 'socket') return 'the runtime sets how the server is reached';
    return undefined;
  },

  // mysql2 is loaded when a server needs it, not when the registry is read (`validate`, `list`).
  admin: async (server, password) => (await import('./admin.js')).openMysqlAdmin(server, password),
  serverPublicKey: readServerPublicKey,
};

/** mysqld treats - and _ alike and ignores a `loose-` prefix: `ssl-cert` is the variable `ssl_cert`. */
export const variableName = (option: string): string =>
  option
    .toLowerCase()
    .replace(/-/g, '_')
    .replace(/^loose_/, '');

/** The variables compatlab sets for `server.tls` (`ssl_ca` with `clientCa` only). */
export const tlsVariables = ['ssl_cert', 'ssl_key', 'ssl_ca'];

const listenOptions = ['bind_address', 'mysqlx_bind_address', 'admin_address'];

/** The server's RSA public key, for clients given the key instead of fetching it. */
async function readServerPublicKey(server: RunningServer): Promise<string> {
  try {
    await using admin = await mysqlEngine.admin(server);
    return await admin.serverPublicKey();
  } catch (error) {
    throw new InfraError(`cannot read the server's RSA public key: ${errorMessage(error)}`, { cause: error });
  }
}
