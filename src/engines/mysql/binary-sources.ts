import { debianMysqlSource } from './debian-binaries.js';
import { mavenMysqlSource } from './maven-binaries.js';
import { mirrorMysqlSource } from './mirror-binaries.js';

/**
 * MySQL without Docker: official builds from a mirror (COMPATLAB_MYSQL_MIRROR) first, else the 8.0 builds
 * Maven Central carries, else Debian sid's build (9.x).
 */
export const mysqlBinarySources = [mirrorMysqlSource, mavenMysqlSource, debianMysqlSource] as const;
