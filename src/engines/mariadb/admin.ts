import type { RunningServer } from '../../core/server.js';
import { openMysqlAdmin, type MysqlAdminSession } from '../mysql/admin.js';

/** Plugins that come as a library to install before an account can use them. */
const pluginLibraries: Record<string, string> = { ed25519: 'auth_ed25519' };

/** MySQL's admin session, with MariaDB's way of naming an account's plugin (`IDENTIFIED VIA … USING PASSWORD(…)`). */
export async function openMariadbAdmin(server: RunningServer, password?: string): Promise<MysqlAdminSession> {
  const admin = await openMysqlAdmin(server, password);
  return {
    ...admin,
    async createUser(name, userPassword, plugin) {
      if (plugin === undefined) return admin.createUser(name, userPassword);
      const library = pluginLibraries[plugin];
      // The server's own error says when the build does not have the library.
      if (library) {
        await admin.execute('INSTALL SONAME ?', [library]).catch((error: Error) => {
          if (!/already installed/i.test(error.message)) throw error;
        });
      }
      if (plugin === 'unix_socket') return admin.execute(`CREATE USER ?@'%' IDENTIFIED VIA unix_socket`, [name]);
      // Plain names only (checked at validate): the plugin goes into the statement as an identifier.
      await admin.execute(`CREATE USER ?@'%' IDENTIFIED VIA ${plugin} USING PASSWORD(?)`, [name, userPassword]);
    },
  };
}
