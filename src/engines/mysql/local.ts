import path from 'node:path';
import { execa } from 'execa';
import type { LocalConventions } from '../../core/engine.js';
import type { ServerBinaries } from '../../core/server-binaries.js';
import { mysqlServerArgs } from './args.js';

const socketName = 'mysqld.sock';

/** Options every mysqld gets: no option files from the host, the build's own files. */
function baseArgs(binaries: ServerBinaries, dataDir: string): string[] {
  return ['--no-defaults', `--basedir=${binaries.root}`, `--datadir=${dataDir}`];
}

/** MySQL as a local process: a data directory initialised once per build (root without a password), a mysqld per server. */
export const mysqlLocal: LocalConventions = {
  admin: { user: 'root', database: '' },
  async initialise(binaries, dataDir, owner, signal) {
    // root@localhost gets no password: the template is private to the cache, and the password is set after start.
    await execa(path.join(binaries.bin, 'mysqld'), [...baseArgs(binaries, dataDir), '--initialize-insecure', '--log-error-verbosity=1'], {
      uid: owner?.uid,
      gid: owner?.gid,
      cancelSignal: signal,
    });
  },
  command(binaries, spec, paths) {
    const args = [
      ...baseArgs(binaries, paths.dataDir),
      ...(binaries.serverOptions?.(paths) ?? []),
      `--pid-file=${path.join(paths.dataDir, 'mysqld.pid')}`,
      ...mysqlServerArgs(spec, paths.tls),
      // Last: later options win, so no setting can move the server off loopback.
      `--port=${paths.port}`,
      '--bind-address=127.0.0.1',
      `--socket=${path.join(paths.root, socketName)}`,
      '--mysqlx=OFF',
    ];
    return { program: path.join(binaries.bin, 'mysqld'), args };
  },
  ready: /ready for connections\. Version: .* port: [1-9]/,
  stopSignal: 'SIGTERM',
  setAdminPassword: (_binaries, paths, password) => setRootPassword(path.join(paths.root, socketName), password),
  pidFile: 'mysqld.pid',
  processName: 'mysqld',
};

/** Over the server's socket, as root without a password: root gets `password`, and, as the official images do, root@'%' too. */
export async function setRootPassword(socketPath: string, password: string): Promise<void> {
  const { default: mysql } = await import('mysql2/promise');
  const connection = await mysql.createConnection({ socketPath, user: 'root' });
  try {
    await connection.query("ALTER USER 'root'@'localhost' IDENTIFIED BY ?", [password]);
    await connection.query("CREATE USER 'root'@'%' IDENTIFIED BY ?", [password]);
    await connection.query("GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION");
  } finally {
    await connection.end().catch(() => connection.destroy());
  }
}
