import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installOnce } from './binary-cache.js';
import { silentLogger, type RunContext } from './context.js';

const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-binary-cache-'));
afterAll(() => rm(cacheDir, { recursive: true, force: true }));
const ctx = { logger: silentLogger, cacheDir, signal: new AbortController().signal } as RunContext;

describe('installOnce', () => {
  it('fills a directory once; concurrent callers wait for the same fill; later ones reuse it', async () => {
    const dir = path.join(cacheDir, 'pg', '14.13.0');
    let fills = 0;
    const fill = async (partial: string) => {
      fills++;
      await writeFile(path.join(partial, 'postgres'), '');
      return 'Maven Central x:y:14.13.0 (sha1 checked)';
    };
    const origins = await Promise.all([installOnce(dir, 'x', fill, ctx), installOnce(dir, 'x', fill, ctx)]);
    expect(origins).toEqual(['Maven Central x:y:14.13.0 (sha1 checked)', 'Maven Central x:y:14.13.0 (sha1 checked)']);
    expect(await installOnce(dir, 'x', fill, ctx)).toBe('Maven Central x:y:14.13.0 (sha1 checked)');
    expect(fills).toBe(1);
    expect((await readdir(dir)).sort()).toEqual(['compatlab-complete.json', 'postgres']);
  });

  it('leaves nothing behind when the fill fails, and keeps what another run completed first', async () => {
    const dir = path.join(cacheDir, 'pg', '14.12.0');
    await expect(installOnce(dir, 'x', () => Promise.reject(new Error('sha1 mismatch')), ctx)).rejects.toThrow('sha1 mismatch');
    expect(await readdir(path.dirname(dir))).toEqual(['14.13.0']);
    const theirs = installOnce(
      dir,
      'x',
      async () => {
        // Another process completes the same directory while this one is still filling its own.
        await mkdir(dir);
        await writeFile(path.join(dir, 'compatlab-complete.json'), JSON.stringify({ origin: 'theirs' }));
        return 'mine';
      },
      ctx,
    );
    expect(await theirs).toBe('theirs');
    expect((await readdir(path.dirname(dir))).sort()).toEqual(['14.12.0', '14.13.0']);
  });
});
