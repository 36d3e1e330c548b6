import type { Engine } from '../../core/engine.js';
import type { RunningServer } from '../../core/server.js';
import { mysqlServerArgs } from '../mysql/args.js';
import { mysqlEngine } from '../mysql/index.js';
import { mariadbLocal } from './local.js';
import { mariadbBinarySources } from './binary-sources.js';

/**
 * MariaDB speaks the MySQL protocol, so every MySQL client and scenario runs against it. Its defaults are
 * its own: authentication plugins (mysql_native_password, ed25519 once installed, unix_socket), and TLS
 * (off in 10.11, on with certificates it makes itself from 11.4).
 */
export const mariadbEngine: Engine = {
  name: 'mariadb',
  protocol: 'mysql',
  port: 3306,
  actions: ['flush-privileges'],
  defaults: () => ({ settings: {} }),
  userPluginProblem: (plugin) => mysqlEngine.userPluginProblem?.(plugin),
  binarySources: mariadbBinarySources,
  local: mariadbLocal,
  container: {
    repository: 'mariadb',
    adminUser: 'root',
    adminDatabase: '',
    env: (password) => ({ MARIADB_ROOT_PASSWORD: password }),
    command: (args) => ['mariadbd', ...args],
    // The image's init server logs the same line with `port: 0` (--skip-networking).
    ready: { line: /Version: '[^']*'\s+socket: '[^']*'\s+port: 3306\b/, times: 1 },
    serverUser: 'mysql',
  },
  serverArgs: mysqlServerArgs,
  reservedSetting: (name) => mysqlEngine.reservedSetting(name),
  admin: async (server: RunningServer, password?: string) => (await import('./admin.js')).openMariadbAdmin(server, password),
};
