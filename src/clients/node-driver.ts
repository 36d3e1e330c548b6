import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ClientEnvironment, ConnectionOutcome, ConnectionRequest, OpenedClient } from '../core/client.js';
import type { RunContext } from '../core/context.js';
import { pacoteOptions } from '../core/npm-registry.js';
import { SkipError, errorMessage } from '../core/errors.js';
import type { ClientSpec } from '../core/specs.js';
import type { Published } from './driver-versions.js';
import { completeMarker, driverCacheDir, installDriver } from './driver-install.js';

export interface LoadedDriver<M> {
  module: M;
  version: string;
  origin: string;
  /** Loads another module of the same installed copy, e.g. `mysql2` beside `mysql2/promise`. */
  require(id: string): unknown;
}

const ownRequire = createRequire(import.meta.url);

/** Where a driver version is: compatlab's own copy (no `dir`) or an install in the cache. */
export interface ResolvedDriver {
  version: string;
  origin: string;
  /** The install's directory in the cache; undefined for the copy compatlab ships. */
  dir?: string;
}

/**
 * The driver package a Node client runs on: the version compatlab ships, or the one the matrix asks
 * for (`pg@8.7.3`, `mysql2@^2`, `pg@latest`), installed once from the npm registry into the cache.
 */
export async function resolveDriver(packageName: string, spec: ClientSpec, ctx: RunContext): Promise<ResolvedDriver> {
  const bundled = await bundledVersion(packageName);
  const ours = { version: bundled, origin: 'bundled with compatlab' };
  if (spec.version === undefined || spec.version === bundled) return ours;

  const cached = await cachedVersions(ctx.cacheDir, packageName);
  // Loaded when a cell asks for a version, not when the client registry is read (`validate`, `list`).
  const [{ default: semver }, { chooseVersion }] = await Promise.all([import('semver'), import('./driver-versions.js')]);
  const exact = semver.clean(spec.version);
  const registry = exact !== null && cached.includes(exact) ? undefined : await published(packageName, spec.version, ctx);
  const choice = chooseVersion(spec.version, bundled, cached, registry);
  // Without the registry's answer, a problem is that it could not be reached.
  if ('problem' in choice) throw new SkipError(`${packageName}@${spec.version}: ${choice.problem}`, { machineLacks: !registry });
  if (choice.from === 'bundled') return ours;
  const dir = driverCacheDir(ctx.cacheDir, packageName, choice.version);
  if (choice.from === 'registry') await installDriver(packageName, choice.version, dir, ctx);
  return { version: choice.version, origin: `npm registry, ${choice.from === 'registry' ? 'installed into' : 'cached in'} ${dir}`, dir };
}

/** The directory of the driver's package, to load it from another process. */
export function driverModuleDir(packageName: string, driver: ResolvedDriver): string {
  if (driver.dir) return path.join(driver.dir, 'node_modules', packageName);
  const dir = (ownRequire.resolve.paths(packageName) ?? []).find((d) => existsSync(path.join(d, packageName, 'package.json')));
  if (!dir) throw new SkipError(`${packageName} is not installed next to compatlab; run npm install`, { machineLacks: true });
  return path.join(dir, packageName);
}

/** The driver loaded into compatlab's own process. `entry` is the module to load when it is not the package's main one, e.g. `mysql2/promise`. */
export async function loadDriver<M>(packageName: string, spec: ClientSpec, ctx: RunContext, entry = packageName): Promise<LoadedDriver<M>> {
  const driver = await resolveDriver(packageName, spec, ctx);
  const load = driver.dir ? createRequire(path.join(driver.dir, 'package.json')) : ownRequire;
  return loaded(load, entry, driver.version, driver.origin);
}

/** A Node driver's client for one cell: load the driver, then one connection per connect step. */
export async function openNodeDriver<M>(
  packageName: string,
  spec: ClientSpec,
  env: ClientEnvironment,
  connect: (driver: LoadedDriver<M>, request: ConnectionRequest) => Promise<ConnectionOutcome>,
  entry?: string,
): Promise<OpenedClient> {
  const driver = await loadDriver<M>(packageName, spec, env.ctx, entry);
  return {
    version: driver.version,
    origin: driver.origin,
    session: { connect: (request) => connect(driver, request), [Symbol.asyncDispose]: () => Promise.resolve() },
  };
}

function loaded<M>(load: NodeJS.Require, entry: string, version: string, origin: string): LoadedDriver<M> {
  return { module: load(entry) as M, version, origin, require: (id): unknown => load(id) as unknown };
}

/** Read from the file: some drivers (mariadb) do not export their package.json. */
async function bundledVersion(packageName: string): Promise<string> {
  for (const dir of ownRequire.resolve.paths(packageName) ?? []) {
    const file = path.join(dir, packageName, 'package.json');
    if (existsSync(file)) return (JSON.parse(await readFile(file, 'utf8')) as { version: string }).version;
  }
  throw new SkipError(`${packageName} is not installed next to compatlab; run npm install`, { machineLacks: true });
}

async function cachedVersions(cacheDir: string, packageName: string): Promise<string[]> {
  const dir = path.dirname(driverCacheDir(cacheDir, packageName, 'x'));
  const entries = await readdir(dir).catch(() => [] as string[]);
  return entries.filter((v) => existsSync(path.join(dir, v, completeMarker)));
}

/** Per run: the cells of one run ask the registry about a driver once. */
const askedThisRun = new WeakMap<RunContext, Map<string, Promise<Published | undefined>>>();

/** Exact versions need no registry when they are here; ranges and `latest` ask it, as npm would. */
function published(packageName: string, requested: string, ctx: RunContext): Promise<Published | undefined> {
  const asked = askedThisRun.get(ctx) ?? new Map<string, Promise<Published | undefined>>();
  askedThisRun.set(ctx, asked);
  let answer = asked.get(packageName);
  if (!answer) asked.set(packageName, (answer = askRegistry(packageName, requested, ctx)));
  return answer;
}

async function askRegistry(packageName: string, requested: string, ctx: RunContext): Promise<Published | undefined> {
  try {
    // Loaded on demand: most runs use the bundled drivers, and pacote is slow to import.
    const { default: pacote } = await import('pacote');
    const packument = await pacote.packument(packageName, pacoteOptions(ctx));
    return { versions: Object.keys(packument.versions), latest: packument['dist-tags'].latest };
  } catch (error) {
    ctx.logger.warn(`cannot ask the npm registry about ${packageName}@${requested}: ${errorMessage(error)}`);
    return undefined;
  }
}
