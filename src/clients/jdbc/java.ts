import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InfraError, SkipError } from '../../core/errors.js';
import { readJsonFile, writePrivateJson } from '../../core/private-file.js';
import { packageFile } from '../../core/package-file.js';

/** The probe ships as one Java source file; compiled once per source hash, it starts in ~0.2 s instead of ~0.8 s. */
const probeSource = packageFile('clients/jdbc/Probe.java');

export const installHint = (packages: string) => `apt-get install -y --no-install-recommends ${packages}`;

export interface Jdk {
  java: string;
  javac: string;
  keytool: string;
}

/** The JDK's tools from JAVA_HOME or PATH; SkipError with the install command when there is none. */
export async function findJdk(env: NodeJS.ProcessEnv = process.env): Promise<Jdk> {
  const dirs = [env.JAVA_HOME && path.join(env.JAVA_HOME, 'bin'), ...(env.PATH ?? '').split(path.delimiter)].filter(
    (d): d is string => !!d,
  );
  const find = async (tool: string) => {
    for (const dir of dirs) {
      const file = path.join(dir, tool);
      if (await executable(file)) return file;
    }
    return undefined;
  };
  const [java, javac, keytool] = await Promise.all([find('java'), find('javac'), find('keytool')]);
  if (!java || !javac || !keytool) {
    throw new SkipError(
      `the jdbc client needs a JDK (java, javac, keytool), and this machine has none; install one: ${installHint('default-jdk-headless')}`,
      { machineLacks: true },
    );
  }
  return { java, javac, keytool };
}

async function executable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The compiled probe as a jar (class-data sharing takes jars only), compiled on first use for Java 11
 * and later and cached by source hash.
 */
export async function compiledProbe(jdk: Jdk, cacheDir: string): Promise<string> {
  const source = await readFile(probeSource);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const dir = path.join(cacheDir, 'jdbc-probe', hash);
  const jar = path.join(dir, 'probe.jar');
  if (await exists(jar)) return jar;
  await mkdir(path.dirname(dir), { recursive: true });
  const building = await mkdtemp(`${dir}.building-`);
  try {
    const { execa } = await import('execa');
    const classes = path.join(building, 'classes');
    const compiled = await execa(jdk.javac, ['--release', '11', '-d', classes, probeSource], { reject: false, all: true });
    if (compiled.exitCode !== 0) throw new InfraError(`javac could not compile ${probeSource}:\n${compiled.all}`);
    const jarTool = path.join(path.dirname(jdk.javac), 'jar');
    const packed = await execa(jarTool, ['--create', '--file', path.join(building, 'probe.jar'), '-C', classes, '.'], {
      reject: false,
      all: true,
    });
    if (packed.exitCode !== 0) throw new InfraError(`${jarTool} could not pack the probe:\n${packed.all}`);
    await rm(classes, { recursive: true, force: true });
    await moveIntoPlace(building, dir, jar);
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  return jar;
}

/**
 * Renames the built directory to `dir`, unless another run (or a spare probe of this one) got there first.
 * A `dir` without the jar is an older compatlab's (classes only): it is moved aside, never merged into.
 */
async function moveIntoPlace(building: string, dir: string, jar: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await rename(building, dir);
      return;
    } catch (error) {
      if (await exists(jar)) return;
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt === 3) throw error;
      const stale = `${dir}.stale-${randomUUID()}`;
      if (
        await rename(dir, stale).then(
          () => true,
          () => false,
        )
      )
        await rm(stale, { recursive: true, force: true });
    }
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** Jars that must be there, each with the Debian package that installs it; SkipError naming what is missing. */
export async function requireJars(jars: { file: string; debian?: string }[]): Promise<void> {
  const missing = [];
  for (const jar of jars) if (!(await exists(jar.file))) missing.push(jar);
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map((m) => m.debian).filter((p) => p !== undefined))];
  throw new SkipError(
    `the jdbc client needs ${missing.map((m) => m.file).join(', ')}, missing here` +
      (packages.length > 0 ? `; install: ${installHint(packages.join(' '))}` : ''),
    { machineLacks: true },
  );
}

/**
 * A PKCS12 trust store holding compatlab's throw-away CA, written to `dir` (0700) for the JVMs. keytool takes
 * half a second or more, so the store is made once per CA and kept in the cache (one 0600 file, written
 * atomically, with its password: a trust store's password only guards its integrity). The password is
 * a secret like any other: it goes through the environment and is scrubbed from reports.
 */
export async function trustStore(
  jdk: Jdk,
  cacheDir: string,
  dir: string,
  caPem: string,
  secrets: Set<string>,
): Promise<{ file: string; password: string }> {
  const cached = path.join(cacheDir, 'jdbc-truststores', `${createHash('sha256').update(caPem).digest('hex').slice(0, 16)}.json`);
  const store = asStore(await readJsonFile(cached)) ?? (await makeTrustStore(jdk, dir, caPem, cached));
  secrets.add(store.password);
  // Named by content and written once, so every JVM of a CA gets the same command line (a spare JVM fits any cell).
  const p12 = Buffer.from(store.p12, 'base64');
  const file = path.join(dir, `truststore-${createHash('sha256').update(p12).digest('hex').slice(0, 16)}.p12`);
  if (!(await exists(file))) {
    const partial = `${file}.${randomBytes(6).toString('hex')}`;
    await writeFile(partial, p12, { mode: 0o600 });
    await rename(partial, file);
  }
  return { file, password: store.password };
}

interface StoredTrustStore {
  password: string;
  /** The PKCS12 file, base64. */
  p12: string;
}

function asStore(json: unknown): StoredTrustStore | undefined {
  const value = (json ?? {}) as Partial<StoredTrustStore>;
  return typeof value.password === 'string' && typeof value.p12 === 'string' && value.p12 !== '' ? (value as StoredTrustStore) : undefined;
}

async function makeTrustStore(jdk: Jdk, parent: string, caPem: string, cached: string): Promise<StoredTrustStore> {
  const dir = await mkdtemp(path.join(parent, 'making-')); // runs sharing `parent` may make one at once
  try {
    return await makeTrustStoreIn(jdk, dir, caPem, cached);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function makeTrustStoreIn(jdk: Jdk, dir: string, caPem: string, cached: string): Promise<StoredTrustStore> {
  const password = randomBytes(12).toString('base64url');
  const caFile = path.join(dir, 'truststore-ca.pem');
  const file = path.join(dir, 'made-truststore.p12');
  await writeFile(caFile, caPem, { mode: 0o600 });
  const args = ['-importcert', '-noprompt', '-alias', 'compatlab-ca', '-file', caFile, '-keystore', file, '-storetype', 'PKCS12'];
  const { execa } = await import('execa');
  const result = await execa(jdk.keytool, [...args, '-storepass:env', 'COMPATLAB_TRUSTSTORE_PASSWORD'], {
    env: { COMPATLAB_TRUSTSTORE_PASSWORD: password },
    reject: false,
    all: true,
  });
  if (result.exitCode !== 0) throw new InfraError(`keytool could not make a trust store: ${result.all}`);
  const store = { password, p12: (await readFile(file)).toString('base64') };
  // Not kept: the next JVM makes its own.
  await writePrivateJson(cached, store).catch(() => {});
  return store;
}
