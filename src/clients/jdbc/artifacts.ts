import type { Protocol } from '../../core/engine.js';

/**
 * The JVM artifacts compatlab knows by short name: JDBC drivers (each a client of its own, with its URL
 * dialect) and connection pools. Any other driver is a Maven coordinate given to the `jdbc` client.
 */

/** How compatlab's settings become a driver's URL (src/clients/jdbc/jdbc-url.ts). */
export type UrlDialect = 'pgjdbc' | 'connector-j' | 'mariadb';

/** A jar from a Debian package, used only when no version is asked for. */
export interface DebianJar {
  file: string;
  debian: string;
}

export interface JdbcDriver {
  /** The short name, which is also the client's name. */
  name: string;
  description: string;
  protocol: Protocol;
  dialect: UrlDialect;
  /** The `java.sql.Driver` classes its jars register, by which a jar given by path is recognised. */
  driverClasses: readonly string[];
  /** `group:artifact` of a version: a driver may have moved. */
  artifact(version: string): string;
  /** Where Debian installs it, for a matrix that names no version. */
  debian?: DebianJar;
}

export const jdbcDrivers: Readonly<Record<string, JdbcDriver>> = {
  pgjdbc: {
    name: 'pgjdbc',
    description: 'PostgreSQL JDBC driver',
    protocol: 'postgres',
    dialect: 'pgjdbc',
    driverClasses: ['org.postgresql.Driver'],
    artifact: () => 'org.postgresql:postgresql',
    debian: { file: '/usr/share/java/postgresql.jar', debian: 'libpostgresql-jdbc-java' },
  },
  'mysql-connector-j': {
    name: 'mysql-connector-j',
    description: "MySQL's Connector/J",
    protocol: 'mysql',
    dialect: 'connector-j',
    driverClasses: ['com.mysql.cj.jdbc.Driver', 'com.mysql.jdbc.Driver'],
    // Oracle moved it from mysql:mysql-connector-java to com.mysql:mysql-connector-j with 8.0.31.
    artifact: (version) => (compareVersions(version, '8.0.31') < 0 ? 'mysql:mysql-connector-java' : 'com.mysql:mysql-connector-j'),
  },
  'mariadb-java-client': {
    name: 'mariadb-java-client',
    description: 'MariaDB Connector/J',
    protocol: 'mysql',
    dialect: 'mariadb',
    driverClasses: ['org.mariadb.jdbc.Driver'],
    artifact: () => 'org.mariadb.jdbc:mariadb-java-client',
    debian: { file: '/usr/share/java/mariadb-java-client.jar', debian: 'libmariadb-java' },
  },
};

export type PoolName = 'c3p0' | 'druid' | 'hikari';

export const jdbcPools: Readonly<Record<PoolName, { artifact(version: string): string; debian?: DebianJar[] }>> = {
  c3p0: {
    // Up to 0.9.1.2 it was published as c3p0:c3p0.
    artifact: (version) => (compareVersions(version, '0.9.2') < 0 ? 'c3p0:c3p0' : 'com.mchange:c3p0'),
    debian: [{ file: '/usr/share/java/c3p0.jar', debian: 'libc3p0-java' }],
  },
  druid: { artifact: () => 'com.alibaba:druid' },
  hikari: {
    artifact: () => 'com.zaxxer:HikariCP',
    debian: [
      { file: '/usr/share/java/HikariCP.jar', debian: 'libhikaricp-java' },
      { file: '/usr/share/java/slf4j-api.jar', debian: 'libslf4j-java' },
      { file: '/usr/share/java/slf4j-simple.jar', debian: 'libslf4j-java' }, // HikariCP's log lines go to stderr, the evidence
    ],
  },
};

const mavenVersion = /^\d+(\.\d+)*([.-][A-Za-z0-9]+([.-][A-Za-z0-9]+)*)?$/;
const coordinatePart = /^[A-Za-z0-9_.-]+$/;

/** An exact Maven version (`8.0.18`, `0.9.5.5`, `42.2.28.jre7`); ranges are not resolved, so a run is what was asked. */
export function mavenVersionProblem(version: string): string | undefined {
  return mavenVersion.test(version) ? undefined : `version "${version}" must be an exact Maven version, e.g. 8.0.18`;
}

/** `group:artifact:version`. */
export function coordinateProblem(text: string): string | undefined {
  const parts = text.split(':');
  if (parts.length !== 3 || !coordinatePart.test(parts[0]!) || !coordinatePart.test(parts[1]!)) {
    return `"${text}" must be a Maven coordinate group:artifact:version, e.g. org.postgresql:postgresql:42.7.8`;
  }
  return mavenVersionProblem(parts[2]!);
}

/** `c3p0` (Debian's jar) or `NAME@VERSION` (from Maven). */
export function parsePool(text: string): { pool: PoolName; version?: string } | { problem: string } {
  const [name = '', version, ...rest] = text.split('@');
  const known = Object.keys(jdbcPools);
  if (!known.includes(name)) return { problem: `unknown pool "${name}"; known pools: ${known.join(', ')}` };
  const pool = name as PoolName;
  if (rest.length > 0) return { problem: `"${text}" must be NAME or NAME@VERSION, e.g. druid@1.2.8` };
  if (version === undefined) {
    return jdbcPools[pool].debian ? { pool } : { problem: `${pool} needs a version (no Debian package has it), e.g. ${pool}@1.2.8` };
  }
  const problem = mavenVersionProblem(version);
  return problem ? { problem } : { pool, version };
}

/** Numeric parts compared as numbers, the rest as text: enough to tell where an artifact moved. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const [x = '0', y = '0'] = [pa[i], pb[i]];
    const diff = /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(x) - Number(y) : x.localeCompare(y);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

/** The driver a jar given by path holds, by the driver classes it registers; undefined for one compatlab does not know. */
export function driverOfClasses(classes: readonly string[]): JdbcDriver | undefined {
  return Object.values(jdbcDrivers).find((d) => d.driverClasses.some((c) => classes.includes(c)));
}
