import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunContext } from '../../core/context.js';
import { InfraError, SkipError } from '../../core/errors.js';
import { makeDirectory } from '../../core/make-dir.js';
import { readJsonFile, writePrivateJson } from '../../core/private-file.js';
import { withCacheLock } from '../cache-lock.js';
import { installHint } from './java.js';

/** Pinned, so a resolution does not depend on what Maven picks as the plugin's latest. */
const dependencyPlugin = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

interface ClasspathRecord {
  coordinates: string[];
  jars: string[];
}

/**
 * The jars of `coordinates` (`group:artifact:version`) and their runtime dependencies, resolved by Maven
 * itself (the user's settings.xml: mirrors, credentials; checksums strictly checked) into
 * `<cache>/jvm/maven`. The resolved class path is recorded, so a warm cache needs no Maven at all and
 * works offline. Runs take turns on the Maven repository (Maven 3.8 does not lock it).
 */
export async function mavenClasspath(coordinates: string[], ctx: RunContext): Promise<string[]> {
  const key = createHash('sha256').update(coordinates.join('\n')).digest('hex').slice(0, 16);
  const record = path.join(ctx.cacheDir, 'jvm', 'classpaths', `${key}.json`);
  const cached = await recorded(record);
  if (cached) return cached;
  const repository = path.join(ctx.cacheDir, 'jvm', 'maven');
  const what = coordinates.join(', ');
  const onWait = () => ctx.logger.progress(`waiting for another run resolving into ${repository}`);
  return withCacheLock(`${repository}.lock`, ctx.signal, onWait, async () => {
    const done = await recorded(record); // the run we waited for may have resolved the same
    if (done) return done;
    ctx.logger.progress(`resolving ${what} with Maven into ${repository}`);
    const started = performance.now();
    const jars = await resolve(coordinates, repository, ctx.signal);
    await writePrivateJson(record, { coordinates, jars } satisfies ClasspathRecord);
    ctx.logger.info(`resolved ${what} (${jars.length} jars) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return jars;
  });
}

async function recorded(file: string): Promise<string[] | undefined> {
  const json = (await readJsonFile(file)) as Partial<ClasspathRecord> | undefined;
  const jars = json?.jars;
  return Array.isArray(jars) && jars.length > 0 && jars.every((jar) => typeof jar === 'string' && existsSync(jar)) ? jars : undefined;
}

async function resolve(coordinates: string[], repository: string, signal: AbortSignal): Promise<string[]> {
  await makeDirectory(repository);
  const dir = await mkdtemp(`${repository}-pom-`);
  try {
    const pom = path.join(dir, 'pom.xml');
    await writeFile(pom, pomXml(coordinates));
    const output = path.join(dir, 'classpath.txt');
    const { execa } = await import('execa');
    const args = ['-B', '-q', '-Dstyle.color=never', '--strict-checksums', '-f', pom, `-Dmaven.repo.local=${repository}`];
    const goal = [`${dependencyPlugin}:build-classpath`, `-Dmdep.outputFile=${output}`, '-Dmdep.includeScope=runtime'];
    const result = await execa('mvn', [...args, ...goal], { reject: false, all: true, cancelSignal: signal });
    if (result.failed) {
      signal.throwIfAborted();
      if ((result as { code?: string }).code === 'ENOENT') {
        throw new SkipError(`resolving ${coordinates.join(', ')} needs Maven (mvn) on the PATH; install it: ${installHint('maven')}`, {
          machineLacks: true,
        });
      }
      const errors = (result.all ?? '').split('\n').filter((line) => line.includes('[ERROR]') && line.trim() !== '[ERROR]');
      const reason = errors.find((line) => /Could not (find|resolve|transfer)|Checksum|Failed to/.test(line)) ?? errors[0];
      if (reason && /Could not find artifact|was not found in|Could not resolve dependencies/.test(reason)) {
        throw new SkipError(`Maven cannot resolve ${coordinates.join(', ')}: ${clean(reason)}`);
      }
      throw new InfraError(`Maven could not resolve ${coordinates.join(', ')}: ${clean(reason ?? result.all ?? result.message)}`);
    }
    return (await readFile(output, 'utf8')).trim().split(path.delimiter).filter(Boolean);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function clean(line: string): string {
  return line
    .replace(/\[ERROR\]\s*/, '')
    .replace(/ -> \[Help 1\]$/, '')
    .trim();
}

export function pomXml(coordinates: string[]): string {
  const dependencies = coordinates.map((coordinate) => {
    const [groupId, artifactId, version] = coordinate.split(':');
    return `    <dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version></dependency>`;
  });
  return [
    '<project xmlns="http://maven.apache.org/POM/4.0.0">',
    '  <modelVersion>4.0.0</modelVersion>',
    '  <groupId>dev.compatlab</groupId><artifactId>jdbc-classpath</artifactId><version>1</version>',
    '  <dependencies>',
    ...dependencies,
    '  </dependencies>',
    '</project>',
    '',
  ].join('\n');
}
