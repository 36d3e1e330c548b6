import { mkdir, readdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { linkPrograms } from '../../core/debian-packages.js';

/**
 * Lays out MySQL or MariaDB as Debian unpacked it in `<dir>/root` the way their tarballs are, so `<dir>`
 * is a `--basedir`: `bin/` (and `sbin/`, the same) with every program, `lib/mysql/plugin`, and `share/`
 * with the error messages and SQL files (also as `share/mysql/`, where Debian's builds look for them).
 */
export async function debianMysqlTree(dir: string): Promise<void> {
  const root = path.join(dir, 'root');
  await linkPrograms(dir, root, ['usr/bin', 'usr/sbin']);
  await symlink('bin', path.join(dir, 'sbin'));
  await symlink(path.join('root', 'usr', 'lib'), path.join(dir, 'lib'));
  const share = path.join(root, 'usr', 'share', 'mysql');
  await mkdir(path.join(dir, 'share'));
  for (const name of await readdir(share))
    await symlink(path.relative(path.join(dir, 'share'), path.join(share, name)), path.join(dir, 'share', name));
  await symlink('.', path.join(dir, 'share', 'mysql'));
}
