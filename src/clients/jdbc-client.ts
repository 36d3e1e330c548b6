import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { Client, OpenedClient } from '../core/client.js';
import type { Protocol } from '../core/engine.js';
import { getEngine } from '../engines/index.js';
import { compiledProbe, findJdk, requireJars, trustStore } from './jdbc/java.js';
import { jdbcUrl, jvmDefaultProtocols } from './jdbc/jdbc-url.js';
import { ProgramSession } from './process/program-session.js';

const value = z.union([z.string(), z.number(), z.boolean()]);
const options = z.strictObject({
  /** The driver jar; default: the Debian package's (pgjdbc for PostgreSQL, MariaDB Connector/J for MySQL). */
  jar: z.string().min(1).optional(),
  /** JDBC URL properties, exactly as given, e.g. `{ sslfactory: org.postgresql.ssl.DefaultJavaSSLFactory }`. */
  properties: z.record(z.string(), value).optional(),
  /** JVM system properties (`-Dname=value`), e.g. `{ jdk.tls.client.protocols: TLSv1.2 }`. Never secrets: they are on the command line. */
  jvmProperties: z.record(z.string(), value).optional(),
  /** Connect through a pool created for each connection, as an application starting up would. */
  pool: z.enum(['c3p0', 'hikari']).optional(),
});
type Options = z.infer<typeof options>;

/** The driver for each wire protocol: MariaDB Connector/J speaks to MySQL and MariaDB servers alike. */
const drivers: Record<Protocol, { jar: string; debian: string }> = {
  postgres: { jar: '/usr/share/java/postgresql.jar', debian: 'libpostgresql-jdbc-java' },
  mysql: { jar: '/usr/share/java/mariadb-java-client.jar', debian: 'libmariadb-java' },
};
const pools: Record<NonNullable<Options['pool']>, { file: string; debian: string; optional?: boolean }[]> = {
  c3p0: [{ file: '/usr/share/java/c3p0.jar', debian: 'libc3p0-java' }],
  hikari: [
    { file: '/usr/share/java/HikariCP.jar', debian: 'libhikaricp-java' },
    { file: '/usr/share/java/slf4j-api.jar', debian: 'libslf4j-java' },
    { file: '/usr/share/java/slf4j-simple.jar', debian: 'libslf4j-java' }, // HikariCP's log lines go to stderr, the evidence
  ],
};

/**
 * JDBC drivers through compatlab's Java probe (`clients/jdbc/Probe.java`), one JVM per cell so that
 * its TLS session cache and driver state carry over between connections, as in an application.
 */
export const jdbcClient: Client = {
  name: 'jdbc',
  description: 'JDBC (pgjdbc, MariaDB Connector/J) in one JVM per cell, optionally through c3p0 or HikariCP',
  protocols: ['postgres', 'mysql'],
  supports: {
    'tls.mode': ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'],
    'tls.minVersion': true,
    'tls.maxVersion': true,
    serverPublicKey: ['fetch', 'file', 'none'],
    resumeTlsSession: true,
    sql: true,
  },
  options,

  async open(spec, env): Promise<OpenedClient> {
    const opts = options.parse(spec.options ?? {});
    const protocol = getEngine(env.server.spec.engine).protocol;
    const driver = drivers[protocol];
    const jar = opts.jar ?? driver.jar;
    const jdk = await findJdk();
    const poolJars = opts.pool ? pools[opts.pool] : [];
    await requireJars([{ file: jar, debian: opts.jar ? undefined : driver.debian }, ...poolJars]);
    const probe = await compiledProbe(jdk, env.ctx.cacheDir);
    const jvmProperties = { ...opts.jvmProperties };
    const dir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-jdbc-'));
    try {
      const programEnv: NodeJS.ProcessEnv = { ...process.env };
      // The JVM's own trust store for compatlab's CA, as an application is given one (pgjdbc's own factory ignores it).
      if (protocol === 'postgres' && env.server.spec.tls.enabled && jvmProperties['javax.net.ssl.trustStore'] === undefined) {
        const store = await trustStore(jdk, env.ctx.cacheDir, dir, (await env.ctx.tls()).caCert, env.ctx.secrets);
        Object.assign(jvmProperties, { 'javax.net.ssl.trustStore': store.file, 'javax.net.ssl.trustStoreType': 'PKCS12' });
        programEnv.COMPATLAB_TRUSTSTORE_PASSWORD = store.password;
      }
      const protocols = String(jvmProperties['jdk.tls.client.protocols'] ?? jvmDefaultProtocols.join(',')).split(',');
      const command = [
        jdk.java,
        '-XX:TieredStopAtLevel=1', // start-up time matters more than peak speed here
        '-cp',
        [probe, jar, ...poolJars.map((j) => j.file)].join(path.delimiter),
        ...Object.entries(jvmProperties).map(([name, v]) => `-D${name}=${String(v)}`),
        'Probe',
      ];
      const session = await ProgramSession.start(
        { command, env: programEnv },
        env,
        (request) => ({ url: jdbcUrl(request, opts.properties ?? {}, protocols), pool: opts.pool }),
        dir,
      );
      return {
        get version() {
          return session.client ? `${session.client.version} (${session.client.name})` : 'unknown (the JVM never answered)';
        },
        origin: [`${jar}${opts.jar ? '' : ` (Debian ${driver.debian})`}`, opts.pool && `pool ${opts.pool}`, `probe compiled in ${probe}`]
          .filter(Boolean)
          .join(', '),
        session,
      };
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  },
};
