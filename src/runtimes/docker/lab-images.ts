import { SkipError } from '../../core/errors.js';
import type { RunContext } from '../../core/context.js';
import { embeddedPostgresPackage, resolveVersion } from '../../engines/postgres/npm-binaries.js';

/** Why `images/build.sh` cannot make `engine@version`, or undefined when it can. */
export async function whyLabCannotMake(engine: string, version: string, ctx: RunContext): Promise<string | undefined> {
  if (engine === 'mysql')
    return Number(version.split('.')[0]) >= 9 ? undefined : 'the lab builds MySQL from Debian sid, which has 9.x only';
  if (engine !== 'postgres') return `unknown engine "${engine}"`;
  try {
    await resolveVersion(embeddedPostgresPackage('linux', process.arch), version, ctx);
    return undefined;
  } catch (error) {
    if (error instanceof SkipError) return error.message;
    throw error;
  }
}

/** What a user can do about a missing image: build it in the lab, or why that is not possible. */
export async function labHint(engine: string, version: string, isLabImage: boolean, ctx: RunContext): Promise<string> {
  const cannot = await whyLabCannotMake(engine, version, ctx);
  if (cannot) return `the lab cannot build it either (${cannot}); use a registry that has it`;
  const build = `\`npm run images -- ${engine}@${version}\``;
  return isLabImage ? `build it with ${build}` : `build a lab image with ${build} and use --images lab`;
}
