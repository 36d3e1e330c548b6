import type { RunContext } from '../../core/context.js';
import { binariesOf } from '../../engines/binary-sources.js';

/** Why `compatlab images` cannot make `engine@version`, or undefined when it can. */
export async function whyLabCannotMake(engine: string, version: string, ctx: RunContext): Promise<string | undefined> {
  const source = binariesOf(engine);
  if (source) {
    const versions = await source.versions(ctx).catch(() => undefined);
    if (versions?.some((v) => v === version || v.startsWith(`${version}.`))) return undefined;
    if (!(engine === 'mysql' && debianHasMysql(version))) {
      const line = version.split('.').slice(0, -1).join('.') || version;
      const there = versions?.filter((v) => v.startsWith(`${line}.`));
      return versions
        ? `${engine} ${version} is not published by ${source.name} (${line}.x there: ${there?.join(', ') || 'none'})`
        : `cannot list ${engine} versions (${source.name})`;
    }
  }
  if (engine === 'mysql') return debianHasMysql(version) ? undefined : 'the lab builds MySQL from Debian sid, which has 9.x only';
  return source ? undefined : `unknown engine "${engine}"`;
}

function debianHasMysql(version: string): boolean {
  return Number(version.split('.')[0]) >= 9;
}

/** What a user can do about a missing image: build it in the lab, or why that is not possible. */
export async function labHint(engine: string, version: string, isLabImage: boolean, ctx: RunContext): Promise<string> {
  const cannot = await whyLabCannotMake(engine, version, ctx);
  if (cannot) return `the lab cannot build it either (${cannot}); use a registry that has it`;
  const build = `\`npm run images -- ${engine}@${version}\``;
  return isLabImage ? `build it with ${build}` : `build a lab image with ${build} and use --images lab`;
}
