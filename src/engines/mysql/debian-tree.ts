import { existsSync } from 'node:fs';
import { mkdir, readdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { linkPrograms } from '../../core/debian-packages.js';
import { InfraError } from '../../core/errors.js';

/**
 * Lays out MySQL or MariaDB as Debian unpacked it in `<dir>/root` the way their tarballs are, so `<dir>`
 * is a `--basedir`: `bin/` (and `sbin/`, the same) with every program, `lib/mysql/plugin`, and `share/`
 * with the error messages and SQL files (also as `share/mysql/` and `share/mariadb/`, where Debian's builds look for them).
 */
export async function debianMysqlTree(dir: string): Promise<void> {
  const root = path.join(dir, 'root');
  // The clients look for their plugins (mysql_native_password, client_ed25519) where Debian installs them.
  const mariadbPlugins = (await readdir(path.join(root, 'usr', 'lib')))
    .map((d) => path.join(root, 'usr', 'lib', d, 'libmariadb3', 'plugin'))
    .find((d) => existsSync(d));
  await linkPrograms(dir, root, ['usr/bin', 'usr/sbin'], {
    LIBMYSQL_PLUGIN_DIR: path.join(dir, 'lib', 'mysql', 'plugin'),
    ...(mariadbPlugins ? { MARIADB_PLUGIN_DIR: mariadbPlugins } : {}),
  });
  await symlink('bin', path.join(dir, 'sbin'));
  await symlink(path.join('root', 'usr', 'lib'), path.join(dir, 'lib'));
  // MariaDB 11 moved them to share/mariadb.
  const share = ['mysql', 'mariadb'].map((name) => path.join(root, 'usr', 'share', name)).find((d) => existsSync(d));
  if (!share) throw new InfraError('the unpacked packages have neither usr/share/mysql nor usr/share/mariadb');
  const shareHere = path.join(dir, 'share');
  await mkdir(shareHere);
  for (const name of await readdir(share)) await symlink(path.relative(shareHere, path.join(share, name)), path.join(shareHere, name));
  for (const name of ['mysql', 'mariadb']) await symlink('.', path.join(shareHere, name));
}
