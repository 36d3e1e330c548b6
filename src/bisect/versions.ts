import { UsageError, errorMessage } from '../core/errors.js';
import type { RunContext } from '../core/context.js';
import { compareVersions } from '../core/versions.js';
import { binariesOf } from '../engines/binary-sources.js';

/** `postgres@15.8` → `['postgres', '15.8']`. */
export function parseBound(ref: string): { engine: string; version: string } {
  const match = /^([a-z]+)@(\d+(?:\.\d+){0,2})$/.exec(ref);
  if (!match) throw new UsageError(`--between "${ref}" must look like ENGINE@VERSION, e.g. postgres@15.6`);
  return { engine: match[1]!, version: match[2]! };
}

/** Every published minor between the bounds, both included, in order. */
export function versionsBetween(published: string[], from: string, to: string): string[] {
  const [low, high] = compareVersions(from, to) <= 0 ? [from, to] : [to, from];
  const inside = [...new Set(published)].filter((v) => compareVersions(v, low) >= 0 && compareVersions(v, high) <= 0);
  const ordered = [...new Set([low, ...inside, high])].sort(compareVersions);
  return compareVersions(from, to) <= 0 ? ordered : ordered.reverse();
}

/** The versions the engine's binary sources publish: what the local runtime can start, and the list of releases for every runtime. */
export async function publishedVersions(engine: string, ctx: RunContext): Promise<string[]> {
  const source = binariesOf(engine);
  if (!source) throw new UsageError(`bisect cannot list ${engine} versions: no source of ${engine} binaries is known`);
  try {
    return await source.versions(ctx);
  } catch (error) {
    throw new UsageError(`cannot list ${engine} versions (${source.name}): ${errorMessage(error)}`);
  }
}
