import type { RunContext } from '../../core/context.js';
import type { Engine } from '../../core/engine.js';
import { SkipError } from '../../core/errors.js';
import type { ServerBinaries } from '../../core/server-binaries.js';

/** The first of the engine's sources that publishes `version`; else a skip that says what each source has. */
export async function findBinaries(engine: Engine, version: string, ctx: RunContext): Promise<ServerBinaries> {
  for (const source of engine.binarySources) {
    const found = await source.fetch(version, ctx);
    if (found) return found;
  }
  if (engine.binarySources.length === 0) {
    throw new SkipError(`compatlab knows no source of ${engine.name} binaries for the local runtime yet; run it with --runtime docker`);
  }
  const major = version.split('.')[0];
  const offers = await Promise.all(
    engine.binarySources.map(async (source) => {
      const near = (await source.versions(ctx).catch(() => [])).filter((v) => v.split('.')[0] === major);
      return `${source.name} has ${near.length > 0 ? `${major}.x: ${near.join(', ')}` : `no ${major}.x`}`;
    }),
  );
  throw new SkipError(
    `${engine.name} ${version} is not published for ${process.platform}-${process.arch} by any source (${offers.join('; ')})`,
  );
}
