import pacote from 'pacote';
import { UsageError, errorMessage } from '../core/errors.js';
import type { RunContext } from '../core/context.js';
import { embeddedPostgresPackage, pacoteOptions } from '../runtimes/local/postgres-binaries.js';

/** `postgres@15.8` → `['postgres', '15.8']`. */
export function parseBound(ref: string): { engine: string; version: string } {
  const match = /^([a-z]+)@(\d+(?:\.\d+){0,2})$/.exec(ref);
  if (!match) throw new UsageError(`--between "${ref}" must look like ENGINE@VERSION, e.g. postgres@15.6`);
  return { engine: match[1]!, version: match[2]! };
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Every published minor between the bounds, both included, in order. */
export function versionsBetween(published: string[], from: string, to: string): string[] {
  const [low, high] = compareVersions(from, to) <= 0 ? [from, to] : [to, from];
  const inside = [...new Set(published)].filter((v) => compareVersions(v, low) >= 0 && compareVersions(v, high) <= 0);
  const ordered = [...new Set([low, ...inside, high])].sort(compareVersions);
  return compareVersions(from, to) <= 0 ? ordered : ordered.reverse();
}

/**
 * The PostgreSQL minors the npm registry publishes as real binaries (`15.8.0-beta.12` → `15.8`):
 * what the local runtime can start, and the list of releases for every runtime.
 */
export async function publishedVersions(engine: string, ctx: RunContext): Promise<string[]> {
  if (engine !== 'postgres') {
    throw new UsageError(`bisect cannot list ${engine} versions; it knows the published minors of postgres only`);
  }
  const name = embeddedPostgresPackage();
  try {
    const packument = await pacote.packument(name, pacoteOptions(ctx));
    return Object.keys(packument.versions).map((v) => {
      const [major, minor] = v.split('.');
      return `${major}.${minor}`;
    });
  } catch (error) {
    throw new UsageError(`cannot list ${name} versions in the npm registry: ${errorMessage(error)}`);
  }
}
