import { existsSync } from 'node:fs';
import { mkdir, readdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { completeInstalls, installOnce, publishedOrCached } from '../../core/binary-cache.js';
import type { RunContext } from '../../core/context.js';
import { debianMirror, linkPrograms, type DebianSuite } from '../../core/debian-packages.js';
import { InfraError } from '../../core/errors.js';
import type { BinarySource, ServerBinaries } from '../../core/server-binaries.js';
import { pickVersion, uniqueVersions } from '../../core/versions.js';

/** A MySQL or MariaDB server as Debian packages it: which suites, which packages, what the build needs to run from the cache. */
export interface DebianServerBuild {
  /** The engine, which names its cache directory (`<cache>/<engine>/debian/<version>`). */
  engine: string;
  /** The source's name in reports. */
  name: string;
  suites: readonly DebianSuite[];
  /** The server and client packages, fetched with everything they depend on. */
  packages: readonly string[];
  /** Packages wanted for some files only (server plugins), without what they depend on. */
  alone?: readonly string[];
  /** The server program in `bin/`, whose `--version` must name the version. */
  daemon: string;
  serverOptions?: ServerBinaries['serverOptions'];
  /** What the origin adds about how the build runs. */
  note?: string;
}

/** The binary source of a Debian server build: each suite's version of today, every version fetched before kept in the cache. */
export function debianServerSource(build: DebianServerBuild): BinarySource {
  const cacheDir = (ctx: RunContext) => path.join(ctx.cacheDir, build.engine, 'debian');
  const candidates = async (ctx: RunContext) => {
    const found = await Promise.all(build.suites.map(async (suite) => ({ suite, debian: await suite.candidate(build.packages[0]!, ctx) })));
    return found.flatMap(({ suite, debian }) => (debian ? [{ suite, debian }] : []));
  };
  const source: BinarySource = {
    name: build.name,
    async versions(ctx) {
      const today = async () => (await candidates(ctx)).map((c) => upstreamVersion(c.debian));
      return uniqueVersions(await publishedOrCached(today, await completeInstalls(cacheDir(ctx)), ctx));
    },
    async fetch(version, ctx) {
      const exact = pickVersion(await completeInstalls(cacheDir(ctx)), version) ?? pickVersion(await source.versions(ctx), version);
      if (!exact) return undefined;
      const dir = path.join(cacheDir(ctx), exact);
      const fill = async (partial: string) => {
        const found = (await candidates(ctx)).find((c) => upstreamVersion(c.debian) === exact);
        if (!found) throw new InfraError(`Debian ${build.suites.map((s) => s.suite).join(' and ')} no longer has ${build.engine} ${exact}`);
        return unpack(build, found.suite, found.debian, exact, partial, ctx);
      };
      const origin = await installOnce(dir, `${build.engine} ${exact} from Debian`, fill, ctx);
      return {
        version: exact,
        root: dir,
        bin: path.join(dir, 'bin'),
        origin,
        ...(build.serverOptions ? { serverOptions: build.serverOptions } : {}),
      };
    },
  };
  return source;
}

/** `9.7.4-2`, `1:9.7.4-2` and `1:11.8.9+ds-0+deb13u1` are upstream `9.7.4` and `11.8.9`. */
export function upstreamVersion(debianVersion: string): string {
  return /^(?:\d+:)?(\d+(?:\.\d+)*)/.exec(debianVersion)?.[1] ?? debianVersion;
}

async function unpack(
  build: DebianServerBuild,
  suite: DebianSuite,
  debian: string,
  version: string,
  dir: string,
  ctx: RunContext,
): Promise<string> {
  const at = (name: string) => ({ name, version: debian });
  const packages = [...build.packages, ...(build.alone ?? [])];
  const unpacked = await suite.unpack(build.packages.map(at), path.join(dir, 'root'), ctx, (build.alone ?? []).map(at));
  await debianMysqlTree(dir);
  const { execa } = await import('execa');
  const { stdout } = await execa(path.join(dir, 'bin', build.daemon), ['--no-defaults', '--version'], { cancelSignal: ctx.signal });
  // `Ver 9.7.4-2 for Linux`, `Ver 10.11.18-MariaDB-0+deb12u1 for debian-linux-gnu`.
  if (!stdout.includes(` Ver ${version}-`))
    throw new InfraError(`Debian ${suite.suite}'s ${packages[0]} ${debian} holds a ${build.daemon} that says "${stdout.trim()}"`);
  const depended = unpacked.length - packages.length;
  return `Debian ${suite.suite} ${[packages.slice(0, -1).join(', '), packages.at(-1)].filter(Boolean).join(' and ')} ${debian} with ${depended} packages they depend on, from ${debianMirror()} (signature and checksums checked by apt)${build.note ? `; ${build.note}` : ''}`;
}

/**
 * Lays out MySQL or MariaDB as Debian unpacked it in `<dir>/root` the way their tarballs are, so `<dir>`
 * is a `--basedir`: `bin/` (and `sbin/`, the same) with every program, `lib/mysql/plugin`, and `share/`
 * with the error messages and SQL files (also as `share/mysql/` and `share/mariadb/`, where Debian's builds look for them).
 */
async function debianMysqlTree(dir: string): Promise<void> {
  const root = path.join(dir, 'root');
  // The clients look for their plugins (mysql_native_password, client_ed25519) where Debian installs them.
  const mariadbPlugins = (await readdir(path.join(root, 'usr', 'lib')))
    .map((d) => path.join(root, 'usr', 'lib', d, 'libmariadb3', 'plugin'))
    .find((d) => existsSync(d));
  await linkPrograms(dir, root, ['usr/bin', 'usr/sbin'], {
    LIBMYSQL_PLUGIN_DIR: path.join(dir, 'lib', 'mysql', 'plugin'),
    ...(mariadbPlugins ? { MARIADB_PLUGIN_DIR: mariadbPlugins } : {}),
  });
  await symlink('bin', path.join(dir, 'sbin'));
  await symlink(path.join('root', 'usr', 'lib'), path.join(dir, 'lib'));
  // MariaDB 11 moved them to share/mariadb.
  const share = ['mysql', 'mariadb'].map((name) => path.join(root, 'usr', 'share', name)).find((d) => existsSync(d));
  if (!share) throw new InfraError('the unpacked packages have neither usr/share/mysql nor usr/share/mariadb');
  const shareHere = path.join(dir, 'share');
  await mkdir(shareHere);
  for (const name of await readdir(share)) await symlink(path.relative(shareHere, path.join(share, name)), path.join(shareHere, name));
  for (const name of ['mysql', 'mariadb']) await symlink('.', path.join(shareHere, name));
}
