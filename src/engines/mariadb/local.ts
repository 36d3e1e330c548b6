import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { LocalConventions } from '../../core/engine.js';
import type { ServerBinaries } from '../../core/server-binaries.js';
import { mysqlServerArgs } from '../mysql/args.js';
import { setRootPassword } from '../mysql/local.js';

const socketName = 'mariadbd.sock';

/** The first of `names` in the build's usual places (bin/, sbin/, scripts/ of a tarball or a Debian tree). */
function program(binaries: ServerBinaries, ...names: string[]): string {
  const dirs = [binaries.bin, ...['bin', 'sbin', 'scripts'].map((d) => path.join(binaries.root, d))];
  const found = names.flatMap((name) => dirs.map((dir) => path.join(dir, name))).find((file) => existsSync(file));
  return found ?? path.join(binaries.bin, names[0]!);
}

/** MariaDB as a local process: mariadb-install-db once per build (root without a password), a mariadbd per server. */
export const mariadbLocal: LocalConventions = {
  admin: { user: 'root', database: '' },
  async initialise(binaries, dataDir, owner, signal) {
    // root@localhost logs in with a password (none yet) rather than unix_socket: the server runs as another OS user.
    const installDb = program(binaries, 'mariadb-install-db', 'mysql_install_db');
    const args = ['--no-defaults', `--basedir=${binaries.root}`, `--datadir=${dataDir}`, '--auth-root-authentication-method=normal'];
    await execa(installDb, [...args, '--skip-test-db'], { uid: owner?.uid, gid: owner?.gid, cancelSignal: signal });
  },
  command(binaries, spec, paths) {
    const args = [
      '--no-defaults',
      `--basedir=${binaries.root}`,
      `--datadir=${paths.dataDir}`,
      `--pid-file=${path.join(paths.dataDir, 'mariadbd.pid')}`,
      ...(binaries.serverOptions?.(paths) ?? []),
      ...mysqlServerArgs(spec, paths.tls),
      // Last: later options win, so no setting can move the server off loopback.
      `--port=${paths.port}`,
      '--bind-address=127.0.0.1',
      `--socket=${path.join(paths.root, socketName)}`,
    ];
    return { program: program(binaries, 'mariadbd', 'mysqld'), args };
  },
  ready: /Version: '[^']*'\s+socket: '[^']*'\s+port: [1-9]/,
  stopSignal: 'SIGTERM',
  setAdminPassword: (_binaries, paths, password) => setRootPassword(path.join(paths.root, socketName), password),
  pidFile: 'mariadbd.pid',
  processName: 'mariadbd',
};
