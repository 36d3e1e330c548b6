import { describe, expect, it } from 'vitest';
import { makeDirectory } from './make-dir.js';

describe('makeDirectory', () => {
  it('fails at once under /proc, where a recursive mkdir spins', async () => {
    await expect(makeDirectory('/proc/nope/deeper')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a path through a file', async () => {
    await expect(makeDirectory('/etc/hostname/x')).rejects.toThrow('/etc/hostname is a file, not a directory');
  });
});
