import { chown, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LocalConventions } from '../../core/engine.js';
import { postgresDefaults } from './defaults.js';
import { postgresServerArgs } from './args.js';

/** PostgreSQL as a local process: initdb once per build, a postmaster per server. */
export const postgresLocal: LocalConventions = {
  admin: { user: 'postgres', database: 'postgres' },
  async initialise(binaries, dataDir, owner, signal) {
    const defaults = postgresDefaults(binaries.version);
    const { execa } = await import('execa');
    await execa(
      path.join(binaries.bin, 'initdb'),
      ['-D', dataDir, '-U', 'postgres', '--auth-local=trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
      { uid: owner?.uid, gid: owner?.gid, env: { LC_ALL: 'C' }, cancelSignal: signal },
    );
    // The image's pg_hba (initdb's, plus a line for every other host); clients here come from 127.0.0.1.
    const hba = path.join(dataDir, 'pg_hba.conf');
    await writeFile(hba, `${(defaults.hba ?? []).join('\n')}\n`, { mode: 0o600 });
    if (owner) await chown(hba, owner.uid, owner.gid);
  },
  command(binaries, spec, paths) {
    const args = [
      '-D',
      paths.dataDir,
      '-p',
      String(paths.port),
      ...(binaries.serverOptions?.(paths) ?? []),
      ...postgresServerArgs(spec, paths.tls),
      // Last, so no setting can move the server off loopback.
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${paths.root}`,
    ];
    return { program: path.join(binaries.bin, 'postgres'), args };
  },
  ready: /database system is ready to accept connections/,
  stopSignal: 'SIGINT',
  async setAdminPassword(_binaries, paths, password) {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ host: paths.root, port: paths.port, user: 'postgres', database: 'postgres' });
    client.on('error', () => {});
    await client.connect();
    try {
      await client.query(`ALTER ROLE postgres PASSWORD ${client.escapeLiteral(password)}`);
    } finally {
      await client.end();
    }
  },
  pidFile: 'postmaster.pid',
  processName: 'postgres',
};
