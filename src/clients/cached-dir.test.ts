import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunContext } from '../core/context.js';
import { silentLogger } from '../core/context.js';
import { cachedDir } from './cached-dir.js';

const root = await mkdtemp(path.join(os.tmpdir(), 'compatlab-cached-dir-'));
afterAll(() => rm(root, { recursive: true, force: true }));
const ctx = { logger: silentLogger, cacheDir: root, signal: new AbortController().signal } as RunContext;

describe('cachedDir', () => {
  it('fills a directory once for the cells of a run, then reuses it; nothing partial is left', async () => {
    let fills = 0;
    const fill = async (partial: string) => {
      fills++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { made: path.basename(partial).startsWith('venv.partial-') };
    };
    const dir = path.join(root, 'venv');
    const [a, b] = await Promise.all([cachedDir(dir, ctx, 'x', fill), cachedDir(dir, ctx, 'x', fill)]);
    const c = await cachedDir(dir, ctx, 'x', fill);
    expect([fills, a, b, c]).toEqual([
      1,
      { record: { made: true }, made: true },
      { record: { made: true }, made: true },
      { record: { made: true }, made: false },
    ]);
    expect(await readdir(root)).toEqual(['venv']);
    expect(JSON.parse(await readFile(path.join(dir, 'compatlab-complete.json'), 'utf8'))).toEqual({ made: true });
  });

  it('keeps nothing of a fill that failed, and tries again next time', async () => {
    const dir = path.join(root, 'failing');
    await expect(cachedDir(dir, ctx, 'x', () => Promise.reject(new Error('no network')))).rejects.toThrow('no network');
    expect(await readdir(root)).not.toContain('failing');
    expect((await cachedDir(dir, ctx, 'x', () => Promise.resolve(1))).record).toBe(1);
  });
});
