import type { RunContext } from '../../core/context.js';
import { errorMessage } from '../../core/errors.js';
import { binariesOf } from '../../engines/binary-sources.js';

/** Why the lab cannot make an image; `machineLacks` when that is only that the versions could not be listed here. */
interface CannotMake {
  why: string;
  machineLacks: boolean;
}

/**
 * Why `compatlab images` cannot make `engine@version`, or undefined when it can: from the binaries the
 * local runtime runs.
 */
export async function whyLabCannotMake(engine: string, version: string, ctx: RunContext): Promise<string | undefined> {
  return (await labCannotMake(engine, version, ctx))?.why;
}

async function labCannotMake(engine: string, version: string, ctx: RunContext): Promise<CannotMake | undefined> {
  const source = binariesOf(engine);
  if (!source) return { why: `the lab makes no ${engine} images`, machineLacks: false };
  let versions: string[];
  try {
    versions = await source.versions(ctx);
  } catch (error) {
    return { why: `cannot list ${engine} versions (${source.name}): ${errorMessage(error)}`, machineLacks: true };
  }
  if (versions.some((v) => v === version || v.startsWith(`${version}.`))) return undefined;
  const line = version.split('.').slice(0, -1).join('.') || version;
  const there = versions.filter((v) => v.startsWith(`${line}.`));
  return {
    why: `${engine} ${version} is not published by ${source.name} (${line}.x there: ${there.join(', ') || 'none'})`,
    machineLacks: false,
  };
}

/**
 * What a user can do about a missing image: build it in the lab, or why that is not possible. `machineLacks`
 * unless the lab cannot make it at all (a version its source does not publish).
 */
export async function labHint(engine: string, version: string, isLabImage: boolean, ctx: RunContext): Promise<ImageHint> {
  const cannot = await labCannotMake(engine, version, ctx);
  if (cannot)
    return { text: `the lab cannot build it either (${cannot.why}); use a registry that has it`, machineLacks: cannot.machineLacks };
  const build = `\`npm run images -- ${engine}@${version}\``;
  return { text: isLabImage ? `build it with ${build}` : `build a lab image with ${build} and use --images lab`, machineLacks: true };
}

export interface ImageHint {
  text: string;
  machineLacks: boolean;
}
