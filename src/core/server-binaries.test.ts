import { describe, expect, it } from 'vitest';
import { silentLogger, type RunContext } from './context.js';
import { SkipError } from './errors.js';
import { requireBinaries, unionOf, type BinarySource } from './server-binaries.js';

const ctx = { logger: silentLogger, cacheDir: '/nonexistent', signal: new AbortController().signal } as RunContext;

function source(name: string, versions: string[] | Error): BinarySource {
  return {
    name,
    versions: () => (versions instanceof Error ? Promise.reject(versions) : Promise.resolve(versions)),
    fetch: (version) =>
      versions instanceof Error
        ? Promise.reject(versions)
        : Promise.resolve(versions.includes(version) ? { version, root: `/${name}`, bin: `/${name}/bin`, origin: name } : undefined),
  };
}

describe('unionOf', () => {
  const npm = source('npm', ['14.11', '14.15']);
  const zonky = source('zonky', ['14.11', '14.12', '14.13', '14.15']);

  it('lists what any source has, and fetches each version from the first that has it', async () => {
    const union = unionOf('both', [npm, zonky]);
    expect(await union.versions(ctx)).toEqual(['14.11', '14.12', '14.13', '14.15']);
    expect((await union.fetch('14.11', ctx))?.origin).toBe('npm');
    expect((await union.fetch('14.13', ctx))?.origin).toBe('zonky');
    expect(await union.fetch('14.14', ctx)).toBeUndefined();
  });

  it('passes over a source that cannot be reached while another answers', async () => {
    const union = unionOf('both', [source('offline', new Error('ENOTFOUND')), zonky]);
    expect(await union.versions(ctx)).toEqual(['14.11', '14.12', '14.13', '14.15']);
    // The build served says which source it stands in for, and why.
    expect(await union.fetch('14.12', ctx)).toMatchObject({ origin: 'zonky', passedOver: 'offline: ENOTFOUND' });
    expect((await unionOf('both', [npm, zonky]).fetch('14.12', ctx))?.passedOver).toBeUndefined();
    await expect(unionOf('none', [source('offline', new Error('ENOTFOUND'))]).versions(ctx)).rejects.toThrow('ENOTFOUND');
  });

  it('skips a version nobody publishes, naming those of its line that can be had', async () => {
    const error = await requireBinaries(unionOf('npm or zonky', [npm, zonky]), 'postgres', '14.14', ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SkipError);
    expect((error as Error).message).toBe('postgres 14.14 is not published by npm or zonky (14.x there: 14.11, 14.12, 14.13, 14.15)');
  });
});
