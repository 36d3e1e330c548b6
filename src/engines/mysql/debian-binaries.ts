import { DebianSuite } from '../../core/debian-packages.js';
import { debianServerSource } from './debian-build.js';

/**
 * MySQL 9.x as Debian unstable (sid) builds it, the only 9.x that reaches this kind of machine without
 * Docker: mysqld and the mysql client, run on sid's own C library (it needs a newer one than stable's).
 * sid has one version at a time; each one fetched stays in the cache.
 */
export const debianMysqlSource = debianServerSource({
  engine: 'mysql',
  name: 'Debian sid (mysql-server-core)',
  suites: [new DebianSuite('sid')],
  packages: ['mysql-server-core', 'mysql-client-core'],
  daemon: 'mysqld',
  // Debian's build restricts LOAD DATA and SELECT … INTO OUTFILE to /var/lib/mysql-files, which the server owns: here, one of its own.
  serverOptions: (paths) => [`--secure-file-priv=${paths.filesDir}`],
  note: "run on sid's C library, with secure_file_priv in a directory of each server's",
});
