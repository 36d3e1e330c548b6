import type { RunContext } from '../../core/context.js';
import { errorMessage } from '../../core/errors.js';
import { binariesOf } from '../../engines/binary-sources.js';

/**
 * Why `compatlab images` cannot make `engine@version`, or undefined when it can: from the binaries the
 * local runtime runs, or (MySQL 9.x) from Debian sid's packages.
 */
export async function whyLabCannotMake(engine: string, version: string, ctx: RunContext): Promise<string | undefined> {
  if (engine === 'mysql' && Number(version.split('.')[0]) >= 9) return undefined;
  const source = binariesOf(engine);
  if (!source) return `the lab makes no ${engine} images`;
  let versions: string[];
  try {
    versions = await source.versions(ctx);
  } catch (error) {
    return `cannot list ${engine} versions (${source.name}): ${errorMessage(error)}`;
  }
  if (versions.some((v) => v === version || v.startsWith(`${version}.`))) return undefined;
  const line = version.split('.').slice(0, -1).join('.') || version;
  const there = versions.filter((v) => v.startsWith(`${line}.`));
  return `${engine} ${version} is not published by ${source.name} (${line}.x there: ${there.join(', ') || 'none'})`;
}

/** What a user can do about a missing image: build it in the lab, or why that is not possible. */
export async function labHint(engine: string, version: string, isLabImage: boolean, ctx: RunContext): Promise<string> {
  const cannot = await whyLabCannotMake(engine, version, ctx);
  if (cannot) return `the lab cannot build it either (${cannot}); use a registry that has it`;
  const build = `\`npm run images -- ${engine}@${version}\``;
  return isLabImage ? `build it with ${build}` : `build a lab image with ${build} and use --images lab`;
}
