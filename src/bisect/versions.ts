import { UsageError } from '../core/errors.js';
import type { RunContext } from '../core/context.js';
import { getEngine } from '../engines/index.js';

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

/** The versions the engine's binary sources publish, all together: what the local runtime can start, and the list of releases for every runtime. */
export async function publishedVersions(engine: string, ctx: RunContext): Promise<string[]> {
  const sources = getEngine(engine).binarySources;
  const lists = await Promise.all(sources.map((source) => source.versions(ctx)));
  const versions = [...new Set(lists.flat())].sort(compareVersions);
  if (versions.length === 0) {
    const names = sources.map((source) => source.name).join(', ');
    throw new UsageError(
      `bisect cannot list ${engine} versions: ${names ? `none of its sources (${names}) answered` : 'it has no binary source'}`,
    );
  }
  return versions;
}
