import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBounded } from './read-bounded.js';

describe('readBounded', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-read-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const fifo = path.join(dir, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(await readBounded(fifo)).toEqual({ ok: false, reason: 'is not a regular file (a pipe, socket or device); give a YAML file' });
  });

  it('refuses /dev/zero without reading it', async () => {
    expect(await readBounded('/dev/zero')).toEqual({
      ok: false,
      reason: 'is not a regular file (a pipe, socket or device); give a YAML file',
    });
  });

  it('refuses a directory, a missing file and a file over the limit', async () => {
    const big = path.join(dir, 'big.yaml');
    await writeFile(big, 'x'.repeat(101));
    expect(await readBounded(dir)).toEqual({ ok: false, reason: 'is a directory, not a file' });
    expect(await readBounded(path.join(dir, 'nope.yaml'))).toEqual({ ok: false, reason: 'file not found' });
    expect(await readBounded(big, 100)).toEqual({ ok: false, reason: 'is 101 bytes; a scenario or matrix file may have at most 100' });
  });

  it('refuses binary junk with NUL bytes and reads text', async () => {
    const junk = path.join(dir, 'junk.yaml');
    await writeFile(junk, Buffer.from([0x89, 0x50, 0x00, 0x01]));
    expect(await readBounded(junk)).toEqual({ ok: false, reason: 'holds NUL bytes: not a YAML text file' });
    await writeFile(junk, 'id: x\n');
    expect(await readBounded(junk)).toEqual({ ok: true, text: 'id: x\n' });
  });
});
