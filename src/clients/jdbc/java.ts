import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InfraError, SkipError } from '../../core/errors.js';
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

/** The directory holding the compiled probe, compiled on first use and cached by source hash. */
export async function compiledProbe(jdk: Jdk, cacheDir: string): Promise<string> {
  const source = await readFile(probeSource);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const dir = path.join(cacheDir, 'jdbc-probe', hash);
  if (await exists(path.join(dir, 'Probe.class'))) return dir;
  await mkdir(path.dirname(dir), { recursive: true });
  const building = await mkdtemp(`${dir}.building-`);
  try {
    const { execa } = await import('execa');
    const result = await execa(jdk.javac, ['-d', building, probeSource], { reject: false, all: true });
    if (result.exitCode !== 0) throw new InfraError(`javac could not compile ${probeSource}:\n${result.all}`);
    await rename(building, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Another run compiled the same source at the same time.
      if (!(await exists(path.join(dir, 'Probe.class')))) throw error;
    });
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  return dir;
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
  );
}

/**
 * A PKCS12 trust store holding compatlab's throw-away CA, made with keytool. Its password is a
 * secret like any other: it goes through the environment and is scrubbed from reports.
 */
export async function makeTrustStore(
  jdk: Jdk,
  dir: string,
  caPem: string,
  secrets: Set<string>,
): Promise<{ file: string; password: string }> {
  const password = randomBytes(12).toString('base64url');
  secrets.add(password);
  const caFile = path.join(dir, 'truststore-ca.pem');
  const file = path.join(dir, 'truststore.p12');
  await writeFile(caFile, caPem, { mode: 0o600 });
  const args = ['-importcert', '-noprompt', '-alias', 'compatlab-ca', '-file', caFile, '-keystore', file, '-storetype', 'PKCS12'];
  const { execa } = await import('execa');
  const result = await execa(jdk.keytool, [...args, '-storepass:env', 'COMPATLAB_TRUSTSTORE_PASSWORD'], {
    env: { COMPATLAB_TRUSTSTORE_PASSWORD: password },
    reject: false,
    all: true,
  });
  if (result.exitCode !== 0) throw new InfraError(`keytool could not make a trust store: ${result.all}`);
  return { file, password };
}
