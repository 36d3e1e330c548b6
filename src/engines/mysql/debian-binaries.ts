import path from 'node:path';
import { completeInstalls, installOnce, publishedOrCached } from '../../core/binary-cache.js';
import type { RunContext } from '../../core/context.js';
import { DebianSuite, debianMirror } from '../../core/debian-packages.js';
import { InfraError } from '../../core/errors.js';
import type { BinarySource, ServerBinaries } from '../../core/server-binaries.js';
import { pickVersion, uniqueVersions } from '../../core/versions.js';
import { debianMysqlTree } from './debian-tree.js';

const sid = new DebianSuite('sid');
const server = 'mysql-server-core';
const client = 'mysql-client-core';

/**
 * MySQL 9.x as Debian unstable (sid) builds it, the only 9.x that reaches this kind of machine without
 * Docker: mysqld and the mysql client, run on sid's own C library (it needs a newer one than stable's).
 * sid has one version at a time; each one fetched stays in the cache.
 */
export const debianMysqlSource: BinarySource = {
  name: 'Debian sid (mysql-server-core)',
  async versions(ctx) {
    const today = async () => {
      const debian = await sid.candidate(server, ctx);
      return debian ? [upstreamVersion(debian)] : [];
    };
    return uniqueVersions(await publishedOrCached(today, await completeInstalls(cacheDir(ctx)), ctx));
  },
  async fetch(version, ctx) {
    const cached = pickVersion(await completeInstalls(cacheDir(ctx)), version);
    const exact = cached ?? pickVersion(await debianMysqlSource.versions(ctx), version);
    if (!exact) return undefined;
    const dir = path.join(cacheDir(ctx), exact);
    const origin = await installOnce(dir, `mysql ${exact} from Debian sid`, (partial) => unpack(exact, partial, ctx), ctx);
    return binaries(exact, dir, origin);
  },
};

function cacheDir(ctx: RunContext): string {
  return path.join(ctx.cacheDir, 'mysql', 'debian');
}

/** `9.7.4-2`, `1:9.7.4-2` and `1:11.8.9+ds-0+deb13u1` are upstream `9.7.4` and `11.8.9`. */
export function upstreamVersion(debianVersion: string): string {
  return /^(?:\d+:)?(\d+(?:\.\d+)*)/.exec(debianVersion)?.[1] ?? debianVersion;
}

function binaries(version: string, dir: string, origin: string): ServerBinaries {
  return {
    version,
    root: dir,
    bin: path.join(dir, 'bin'),
    origin,
    // Debian's build restricts LOAD DATA and SELECT … INTO OUTFILE to /var/lib/mysql-files, which the server owns: here, one of its own.
    serverOptions: (paths) => [`--secure-file-priv=${paths.filesDir}`],
  };
}

async function unpack(version: string, dir: string, ctx: RunContext): Promise<string> {
  const debian = await sid.candidate(server, ctx);
  if (!debian || upstreamVersion(debian) !== version)
    throw new InfraError(`Debian sid no longer has mysql ${version} (it has ${debian ?? 'none'})`);
  const root = path.join(dir, 'root');
  const unpacked = await sid.unpack(
    [
      { name: server, version: debian },
      { name: client, version: debian },
    ],
    root,
    ctx,
  );
  await debianMysqlTree(dir);
  const { execa } = await import('execa');
  const { stdout } = await execa(path.join(dir, 'bin', 'mysqld'), ['--no-defaults', '--version'], { cancelSignal: ctx.signal });
  if (!stdout.includes(` ${debian} `)) throw new InfraError(`Debian sid's ${server} ${debian} holds a mysqld that says "${stdout.trim()}"`);
  return `Debian sid ${server} and ${client} ${debian} with ${unpacked.length - 2} packages they depend on, from ${debianMirror()} (signature and checksums checked by apt); run on sid's C library, with secure_file_priv in a directory of each server's`;
}
