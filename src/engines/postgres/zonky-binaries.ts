import { rm } from 'node:fs/promises';
import path from 'node:path';
import { completeInstalls, installOnce, publishedOrCached } from '../../core/binary-cache.js';
import { InfraError } from '../../core/errors.js';
import { fetchMavenJar, mavenVersions, type MavenArtifact } from '../../core/maven.js';
import type { BinarySource } from '../../core/server-binaries.js';
import type { RunContext } from '../../core/context.js';
import { jarEntries, unpackTarballInJar } from '../../core/jar-contents.js';
import { compareVersions, uniqueVersions } from '../../core/versions.js';

const groupId = 'io.zonky.test.postgres';
const platforms: Partial<Record<string, string>> = {
  'linux-x64': 'linux-amd64',
  'linux-arm64': 'linux-arm64v8',
  'darwin-x64': 'darwin-amd64',
};

export function zonkyArtifactId(platform = process.platform, arch = process.arch): string | undefined {
  const name = platforms[`${platform}-${arch}`];
  return name && `embedded-postgres-binaries-${name}`;
}

/**
 * zonky's PostgreSQL builds on Maven Central (the ones the npm packages repack), every minor:
 * one jar per version holding `postgres-<platform>.txz` with bin/, lib/ (OpenSSL 1.1) and share/.
 */
export const zonkyPostgresSource: BinarySource = {
  name: `Maven Central (${groupId}:${zonkyArtifactId() ?? 'embedded-postgres-binaries'})`,
  async versions(ctx) {
    const artifactId = zonkyArtifactId();
    if (!artifactId) return [];
    const builds = await publishedOrCached(() => mavenVersions(groupId, artifactId, ctx), await cachedBuilds(ctx.cacheDir), ctx);
    return uniqueVersions(builds.map(minorOf));
  },
  async fetch(version, ctx) {
    const artifactId = zonkyArtifactId();
    if (!artifactId) return undefined;
    const exact = pickBuild(await cachedBuilds(ctx.cacheDir), version) ?? pickBuild(await mavenVersions(groupId, artifactId, ctx), version);
    if (!exact) return undefined;
    const dir = path.join(ctx.cacheDir, 'postgres', 'zonky', exact);
    const artifact = { groupId, artifactId, version: exact };
    const origin = await installOnce(dir, `postgres ${exact} from ${groupId}`, (partial) => unpackJar(artifact, partial, ctx), ctx);
    return { version: minorOf(exact), root: dir, bin: path.join(dir, 'bin'), origin };
  },
};

/** `14.13` → the newest build of it: zonky rebuilds as `14.10.1` or `10.5.0-1`, which win over `14.10.0`. */
export function pickBuild(published: readonly string[], version: string): string | undefined {
  return published
    .filter((v) => minorOf(v) === version || v === version)
    .sort(compareVersions)
    .at(-1);
}

/** `14.13.0` → `14.13`; `9.6.24` (before 10, the minor was the second number) → `9.6.24`. */
function minorOf(build: string): string {
  const parts = build.split(/[.-]/);
  return Number(parts[0]) < 10 ? parts.slice(0, 3).join('.') : parts.slice(0, 2).join('.');
}

function cachedBuilds(cacheDir: string): Promise<string[]> {
  return completeInstalls(path.join(cacheDir, 'postgres', 'zonky'));
}

async function unpackJar(artifact: MavenArtifact, dir: string, ctx: RunContext): Promise<string> {
  const download = path.join(dir, '.download');
  const { file, origin } = await fetchMavenJar(artifact, download, ctx);
  const txz = (await jarEntries(file)).find((entry) => entry.endsWith('.txz'));
  if (!txz) throw new InfraError(`${file} holds no .txz`);
  ctx.logger.progress(`unpacking ${txz}`);
  await unpackTarballInJar(file, txz, dir, ctx.signal);
  await rm(download, { recursive: true, force: true });
  return origin;
}
