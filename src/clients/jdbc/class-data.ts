import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { makeDirectory } from '../../core/make-dir.js';
import type { Jvm } from './jvms.js';

export interface ClassData {
  /** JVM flags: use the archive, or write one when this JVM exits. */
  flags: string[];
  /** True while the archive is being made: that JVM must not be a spare (its exit writes the archive). */
  making: boolean;
  /** Keeps the archive a JVM wrote, once it exited cleanly. */
  keep(exitedCleanly: boolean): Promise<void>;
}

/**
 * Application class-data sharing for one JVM and class path: the first JVM records the classes it
 * loaded into an archive when it exits (`-XX:ArchiveClassesAtExit`, Java 13+), and later JVMs map them
 * instead of loading and verifying them again. Unified logging goes to stderr: stdout is the protocol.
 */
export async function classData(jvm: Jvm, classpath: string[], cacheDir: string): Promise<ClassData> {
  const quiet = ['-Xlog:disable', '-Xlog:all=warning:stderr'];
  if (jvm.feature < 13) return { flags: quiet, making: false, keep: () => Promise.resolve() };
  const key = createHash('sha256')
    .update(JSON.stringify([jvm.home, jvm.version, classpath]))
    .digest('hex')
    .slice(0, 16);
  const dir = path.join(cacheDir, 'jvm', 'class-data');
  const archive = path.join(dir, `${key}.jsa`);
  if (existsSync(archive)) return { flags: [...quiet, `-XX:SharedArchiveFile=${archive}`], making: false, keep: () => Promise.resolve() };
  await makeDirectory(dir);
  const partial = `${archive}.${randomBytes(6).toString('hex')}.partial`;
  return {
    flags: [...quiet, `-XX:ArchiveClassesAtExit=${partial}`],
    making: true,
    async keep(exitedCleanly) {
      const written =
        exitedCleanly &&
        (await stat(partial).then(
          (s) => s.size > 0,
          () => false,
        ));
      if (written) await rename(partial, archive);
      else await rm(partial, { force: true });
    },
  };
}
