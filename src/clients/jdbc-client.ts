import { clientScratchDir } from '../core/private-file.js';
import { chmod, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Client, ClientEnvironment, OpenedClient } from '../core/client.js';
import { SkipError } from '../core/errors.js';
import { makeDirectory } from '../core/make-dir.js';
import type { ClientSpec } from '../core/specs.js';
import type { Protocol } from '../core/engine.js';
import { getEngine } from '../engines/index.js';
import {
  coordinateProblem,
  driverOfClasses,
  jdbcDrivers,
  jdbcPools,
  mavenVersionProblem,
  parsePool,
  type DebianJar,
  type JdbcDriver,
} from './jdbc/artifacts.js';
import { compiledProbe, findJdk, requireJars, trustStore } from './jdbc/java.js';
import { jarDriverClasses, jarVersion } from './jdbc/jar-manifest.js';
import { jdbcUrl, jvmDefaultProtocols, type PropertyValue } from './jdbc/jdbc-url.js';
import { findJvm, jvmOf } from './jdbc/jvms.js';
import { mavenClasspath } from './jdbc/maven.js';
import { classData } from './jdbc/class-data.js';
import { ProgramSession } from './process/program-session.js';

const value = z.union([z.string(), z.number(), z.boolean()]);
const checked = (problem: (text: string) => string | undefined) =>
  z.string().superRefine((text, ctx) => {
    const message = problem(text);
    if (message) ctx.addIssue({ code: 'custom', message });
  });
const common = {
  /** The driver's own URL properties, exactly as given (they win over compatlab's settings), e.g. `{ sslfactory: … }`. */
  native: z.record(z.string(), value).optional(),
  /** JVM system properties (`-Dname=value`), e.g. `{ jdk.tls.client.protocols: TLSv1.2 }`. Never secrets: they are on the command line. */
  jvmProperties: z
    .record(z.string(), value)
    .superRefine((properties, ctx) => {
      for (const name of Object.keys(properties).filter((n) => /pass(word|phrase)?|secret/i.test(n)))
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: 'JVM properties go on the command line, where a password must never be: give it to the driver in options.native',
        });
    })
    .optional(),
  /** Connect through a pool made for each connection: `c3p0`, `hikari` (Debian's jars) or `NAME@VERSION` from Maven (`druid@1.2.8`). */
  pool: checked((text) => {
    const pool = parsePool(text);
    return 'problem' in pool ? pool.problem : undefined;
  }).optional(),
  /** The JVM: a feature release this machine has (`17`, `25`) or a path to a Java home; default: the `java` on PATH. */
  java: z
    .union([z.number().int(), z.string().min(1)])
    .superRefine((wanted, ctx) => {
      const jvm = findJvm(wanted);
      if ('problem' in jvm) ctx.addIssue({ code: 'custom', message: jvm.problem });
    })
    .optional(),
};
const driverOptions = z.strictObject(common);
const anyDriverOptions = z
  .strictObject({
    ...common,
    /** Any driver from Maven: `group:artifact:version`. */
    artifact: checked(coordinateProblem).optional(),
    /** A driver jar on this machine. */
    jar: z.string().min(1).optional(),
  })
  .refine((o) => !(o.artifact && o.jar), 'give artifact or jar, not both');
type Options = z.infer<typeof anyDriverOptions>;

/** Without an artifact or jar, the generic client runs Debian's driver for the wire protocol (MariaDB Connector/J: MySQL and MariaDB). */
const protocolDefaults: Record<Protocol, JdbcDriver> = { postgres: jdbcDrivers.pgjdbc!, mysql: jdbcDrivers['mariadb-java-client']! };

/**
 * A JDBC driver through compatlab's Java probe (`clients/jdbc/Probe.java`), one JVM per cell so that
 * its TLS session cache and driver state carry over between connections, as in an application.
 * `driver` fixes the driver (`pgjdbc`, `mysql-connector-j`…, at a Maven version); without it, the
 * `jdbc` client takes any Maven coordinate or jar.
 */
function jdbcClient(driver?: JdbcDriver): Client {
  return {
    name: driver?.name ?? 'jdbc',
    description: driver
      ? `${driver.description} (${driver.artifact('99')}) at any Maven version, in one JVM per cell`
      : 'any JDBC driver (a Maven coordinate or a jar; default: Debian pgjdbc / MariaDB Connector/J) in one JVM per cell',
    protocols: driver ? [driver.protocol] : ['postgres', 'mysql'],
    supports: {
      'tls.mode': ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'],
      'tls.minVersion': true,
      'tls.maxVersion': true,
      serverPublicKey: ['fetch', 'file', 'none'],
      resumeTlsSession: true,
      sql: true,
    },
    options: driver ? driverOptions : anyDriverOptions,
    versionProblem(version) {
      // The generic client takes the version a jar (or Debian's) is expected to be: the runner skips the cell when it is not.
      if (version !== undefined) return mavenVersionProblem(version);
      return !driver || driver.debian ? undefined : `${driver.name} needs a version (no Debian package has it), e.g. "8.0.18"`;
    },
    open: (spec, env) => open(driver, spec, env),
  };
}

async function open(fixed: JdbcDriver | undefined, spec: ClientSpec, env: ClientEnvironment): Promise<OpenedClient> {
  const opts = anyDriverOptions.parse(spec.options ?? {});
  const protocol = getEngine(env.server.spec.engine).protocol;
  const artifact = opts.artifact?.split(':');
  const driver =
    fixed ??
    Object.values(jdbcDrivers).find((d) => artifact && d.artifact(artifact[2]!) === `${artifact[0]}:${artifact[1]}`) ??
    (opts.jar ? await driverOfJar(opts.jar) : protocolDefaults[protocol]);
  if (driver.protocol !== protocol)
    throw new SkipError(`${driver.name} speaks the ${driver.protocol} protocol; this server speaks ${protocol}`);
  const version = fixed ? spec.version : artifact?.[2];
  const classpath = await driverClasspath(driver, version, opts, env);
  const jdk = await findJdk();
  const jvm = opts.java === undefined ? jvmOf(jdk.java) : findJvm(opts.java);
  if (!jvm || 'problem' in jvm) throw new SkipError(jvm ? jvm.problem : `cannot tell the version of ${jdk.java}`, { machineLacks: true });
  const probe = await compiledProbe(jdk, env.ctx.cacheDir);
  const jvmProperties = { ...opts.jvmProperties };
  const dir = await clientScratchDir();
  try {
    const programEnv: NodeJS.ProcessEnv = { ...process.env };
    // The JVM's own trust store for compatlab's CA, as an application is given one (pgjdbc's own factory ignores it).
    if (protocol === 'postgres' && env.server.spec.tls.enabled && jvmProperties['javax.net.ssl.trustStore'] === undefined) {
      const stores = path.join(env.ctx.cacheDir, 'jvm', 'truststores');
      await makeDirectory(stores);
      await chmod(stores, 0o700);
      const store = await trustStore(jdk, env.ctx.cacheDir, stores, (await env.ctx.tls()).caCert, env.ctx.secrets);
      Object.assign(jvmProperties, { 'javax.net.ssl.trustStore': store.file, 'javax.net.ssl.trustStoreType': 'PKCS12' });
      programEnv.COMPATLAB_TRUSTSTORE_PASSWORD = store.password;
    }
    const protocols = String(jvmProperties['jdk.tls.client.protocols'] ?? jvmDefaultProtocols.join(',')).split(',');
    const jars = [probe, ...classpath.jars];
    const shared = await classData(jvm, jars, env.ctx.cacheDir);
    const command = [
      jvm.java,
      '-XX:TieredStopAtLevel=1', // start-up time matters more than peak speed here
      ...shared.flags,
      '-cp',
      jars.join(path.delimiter),
      ...Object.entries(jvmProperties).map(([name, v]) => `-D${name}=${String(v)}`),
      'Probe',
    ];
    const pool = opts.pool && parsePool(opts.pool);
    const native: Record<string, PropertyValue> = opts.native ?? {};
    const session = await ProgramSession.start(
      { command, env: programEnv, spare: !shared.making },
      env,
      (request) => ({
        url: jdbcUrl(request, driver.dialect, version ?? classpath.version, native, protocols),
        pool: pool && 'pool' in pool ? pool.pool : undefined,
      }),
      dir,
    );
    return {
      // Known before the JVM answers, so that a version asked for that this driver is not is never run (the runner checks).
      get version() {
        return session.client
          ? `${session.client.version} (${session.client.name})`
          : (classpath.version ?? 'unknown (neither the jar nor Maven said)');
      },
      origin: [classpath.origin, `probe compiled in ${probe}`].join(', '),
      runtime: `Java ${jvm.version} (${jvm.home})`,
      session: {
        connect: (request) => session.connect(request),
        async [Symbol.asyncDispose]() {
          await session[Symbol.asyncDispose]();
          await shared.keep(session.exitedCleanly);
        },
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** A jar given by path speaks the URL dialect of the driver it registers, never a default one's. */
async function driverOfJar(jar: string): Promise<JdbcDriver> {
  const classes = await jarDriverClasses(jar).catch((error: Error) => {
    throw new SkipError(`cannot read the driver jar ${jar}: ${error.message}`);
  });
  const driver = driverOfClasses(classes);
  if (driver) return driver;
  const known = Object.values(jdbcDrivers).map((d) => d.name);
  throw new SkipError(
    `${jar} registers ${classes.length > 0 ? classes.join(', ') : 'no java.sql.Driver'}; compatlab builds URLs for ${known.join(', ')} only`,
  );
}

/** The driver's and pool's jars: from Maven when a version is asked for, Debian's when none is; never one for the other. */
async function driverClasspath(
  driver: JdbcDriver,
  version: string | undefined,
  opts: Options,
  env: ClientEnvironment,
): Promise<{ jars: string[]; origin: string; version?: string }> {
  const coordinates: string[] = [];
  const debian: DebianJar[] = [];
  const from: string[] = [];
  if (opts.jar) from.push(opts.jar);
  else if (version !== undefined) coordinates.push(`${driver.artifact(version)}:${version}`);
  else if (driver.debian) debian.push(driver.debian);
  else throw new SkipError(`${driver.name} needs a version: no Debian package has it`);
  const pool = opts.pool ? parsePool(opts.pool) : undefined;
  if (pool && 'problem' in pool) throw new SkipError(pool.problem);
  if (pool?.version !== undefined) coordinates.push(`${jdbcPools[pool.pool].artifact(pool.version)}:${pool.version}`);
  else if (pool) debian.push(...(jdbcPools[pool.pool].debian ?? []));
  await requireJars([...(opts.jar ? [{ file: opts.jar }] : []), ...debian]);
  const maven = coordinates.length > 0 ? await mavenClasspath(coordinates, env.ctx) : [];
  if (coordinates.length > 0) from.push(`Maven ${coordinates.join(' + ')}`);
  if (debian.length > 0)
    from.push(`Debian ${[...new Set(debian.map((d) => d.debian))].join(', ')} (${debian.map((d) => d.file).join(', ')})`);
  const driverJar = opts.jar ?? (version === undefined ? debian[0]?.file : undefined);
  return {
    jars: [...(opts.jar ? [opts.jar] : []), ...maven, ...debian.map((d) => d.file)],
    origin: from.join(', '),
    version: driverJar ? await jarVersion(driverJar) : version,
  };
}

export const jdbcClients: Client[] = [jdbcClient(), ...Object.values(jdbcDrivers).map((driver) => jdbcClient(driver))];
