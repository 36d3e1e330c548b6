import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { RunContext } from './context.js';
import { InfraError, SkipError, errorMessage } from './errors.js';
import { makeDirectory } from './make-dir.js';
import { checksumIn, downloadFile, get } from './download.js';

export interface MavenArtifact {
  groupId: string;
  artifactId: string;
  version: string;
}

const central = 'https://repo1.maven.org/maven2';

/** Maven Central, or the repository (a mirror with the same layout) in COMPATLAB_MAVEN_REPOSITORY. */
export function mavenRepository(env = process.env): string {
  return (env.COMPATLAB_MAVEN_REPOSITORY ?? central).replace(/\/+$/, '');
}

export function coordinates(a: MavenArtifact): string {
  return `${a.groupId}:${a.artifactId}:${a.version}`;
}

/** `<repo>/io/zonky/test/postgres/<artifact>/<version>/<artifact>-<version>.jar` */
export function artifactUrl(repository: string, a: MavenArtifact, extension = 'jar'): string {
  return `${repository}/${a.groupId.replaceAll('.', '/')}/${a.artifactId}/${a.version}/${a.artifactId}-${a.version}.${extension}`;
}

/** The versions in a `maven-metadata.xml`, in its order. */
export function metadataVersions(xml: string): string[] {
  return [...xml.matchAll(/<version>\s*([^<\s]+)\s*<\/version>/g)].map((m) => m[1]!);
}

/** Every version of `groupId:artifactId` the repository lists. */
export async function mavenVersions(groupId: string, artifactId: string, ctx: RunContext): Promise<string[]> {
  const repository = mavenRepository();
  const url = `${repository}/${groupId.replaceAll('.', '/')}/${artifactId}/maven-metadata.xml`;
  try {
    return metadataVersions(await (await get(url, ctx)).text());
  } catch (error) {
    throw new SkipError(`cannot list ${groupId}:${artifactId} versions in ${repository}: ${errorMessage(error)}`, {
      cause: error,
      machineLacks: true,
    });
  }
}

/**
 * Downloads the jar of `artifact` into `dir`, checked against the repository's checksum, and returns
 * its path and a sentence for the report. With `mvn` on the PATH, Maven resolves it (the user's
 * settings.xml mirrors and credentials apply; `-C` fails on a bad checksum); else it comes from
 * {@link mavenRepository} with its `.sha1` compared here.
 */
export async function fetchMavenJar(artifact: MavenArtifact, dir: string, ctx: RunContext): Promise<{ file: string; origin: string }> {
  const coords = coordinates(artifact);
  const started = Date.now();
  ctx.logger.progress(`downloading ${coords}`);
  await makeDirectory(dir);
  const viaMvn = (await hasMvn()) && !process.env.COMPATLAB_MAVEN_REPOSITORY;
  const origin = viaMvn ? await mvnCopy(coords, dir, ctx) : await directDownload(artifact, dir, ctx);
  const [file] = (await readdir(dir)).filter((f) => f.endsWith('.jar'));
  if (!file) throw new InfraError(`${coords}: no jar was downloaded into ${dir}`);
  ctx.logger.info(`fetched ${coords} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { file: path.join(dir, file), origin };
}

let mvnPresent: Promise<boolean> | undefined;
function hasMvn(): Promise<boolean> {
  mvnPresent ??= import('execa')
    .then(({ execa }) => execa('mvn', ['--version'], { reject: false }))
    .then(
      (r) => r.exitCode === 0,
      () => false,
    );
  return mvnPresent;
}

async function mvnCopy(coords: string, dir: string, ctx: RunContext): Promise<string> {
  const { execa } = await import('execa');
  // cwd: an empty directory, so no pom.xml of the user's turns this into a project build.
  const result = await execa(
    'mvn',
    ['-B', '-q', '-C', 'dependency:copy', `-Dartifact=${coords}`, `-DoutputDirectory=${dir}`, '-Dmdep.overWriteReleases=true'],
    { cwd: dir, reject: false, all: true, cancelSignal: ctx.signal },
  );
  if (result.exitCode !== 0) {
    const lines = result.all
      .split('\n')
      .filter((l) => l.includes('ERROR'))
      .slice(0, 3);
    throw new InfraError(`mvn could not fetch ${coords}: ${lines.join(' ').trim() || result.shortMessage}`);
  }
  return `Maven ${coords} (resolved by mvn, checksums checked)`;
}

async function directDownload(artifact: MavenArtifact, dir: string, ctx: RunContext): Promise<string> {
  const repository = mavenRepository();
  const url = artifactUrl(repository, artifact);
  const expected = checksumIn(await (await get(`${url}.sha1`, ctx)).text());
  const actual = await downloadFile(url, path.join(dir, `${artifact.artifactId}-${artifact.version}.jar`), 'sha1', ctx);
  if (actual !== expected) throw new InfraError(`${url}: sha1 ${actual} does not match the repository's ${expected}`);
  const where = repository === central ? 'Maven Central' : repository;
  return `${where} ${coordinates(artifact)} (sha1 checked)`;
}
