import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/** A Java runtime on this machine. */
export interface Jvm {
  home: string;
  java: string;
  /** From its `release` file, e.g. `17.0.15`. */
  version: string;
  /** The feature release, e.g. 17. */
  feature: number;
}

const jvmRoots = ['/usr/lib/jvm', '/usr/java', '/opt/java'];

/**
 * The JVMs this machine has: JAVA_HOME, the `java` on PATH, and the JDKs under /usr/lib/jvm and the
 * like. Synchronous and quick, so `validate` can name a runtime the machine lacks.
 */
export function machineJvms(env: NodeJS.ProcessEnv = process.env): Jvm[] {
  const homes = new Set<string>();
  const add = (home: string | undefined) => {
    const jvm = home && jvmAt(home);
    if (jvm) homes.add(jvm.home);
  };
  add(env.JAVA_HOME);
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    const java = path.join(dir, 'java');
    if (existsSync(java)) add(path.dirname(path.dirname(safeRealpath(java))));
  }
  for (const root of jvmRoots) {
    for (const entry of safeReaddir(root)) add(path.join(root, entry));
  }
  return [...homes].map((home) => jvmAt(home)!).sort((a, b) => a.feature - b.feature);
}

/** The JVM a `java` binary (e.g. /usr/bin/java, a link) belongs to. */
export function jvmOf(java: string): Jvm | undefined {
  return jvmAt(path.dirname(path.dirname(safeRealpath(java))));
}

/** `17`, `25` (a feature release this machine has) or a path to a JDK home or its `bin/java`. */
export function findJvm(wanted: number | string, jvms = machineJvms()): Jvm | { problem: string } {
  const have = jvms.map((j) => `${j.feature} (${j.home})`).join(', ') || 'none';
  if (typeof wanted === 'number' || /^\d+$/.test(wanted)) {
    const jvm = jvms.find((j) => j.feature === Number(wanted));
    return jvm ?? { problem: `this machine has no Java ${wanted}; it has: ${have}` };
  }
  const home = wanted.endsWith(`${path.sep}java`) ? path.dirname(path.dirname(wanted)) : wanted;
  return jvmAt(home) ?? { problem: `${wanted} is not a Java runtime (no bin/java and release file there); this machine has: ${have}` };
}

/** The JVM whose home is `dir`, or undefined when there is none. */
export function jvmAt(dir: string): Jvm | undefined {
  const home = safeRealpath(dir);
  const java = path.join(home, 'bin', 'java');
  try {
    if (!statSync(java).isFile()) return undefined;
    const release = readFileSync(path.join(home, 'release'), 'utf8');
    const version = /^JAVA_VERSION="([^"]+)"/m.exec(release)?.[1];
    if (!version) return undefined;
    // `1.8.0_392` is Java 8; `17.0.15` is 17.
    const [first, second] = version.split(/[._]/).map(Number);
    return { home, java, version, feature: first === 1 ? (second ?? 0) : (first ?? 0) };
  } catch {
    return undefined;
  }
}

function safeRealpath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
