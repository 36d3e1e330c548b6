import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedTlsMaterial } from './tls-cache.js';

const dir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-tls-cache-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
const day = 24 * 60 * 60 * 1000;

function maker(lifeMs: number) {
  let made = 0;
  const create = () => {
    made++;
    return Promise.resolve({
      caCert: `ca ${made}`,
      serverCert: `cert ${made}`,
      serverKey: `key ${made}`,
      notAfter: new Date(Date.now() + lifeMs),
    });
  };
  return { create, made: () => made };
}

describe('cachedTlsMaterial', () => {
  it('makes the material once and reads it back, private to the user', async () => {
    const cache = path.join(dir, 'once');
    const { create, made } = maker(30 * day);
    const first = await cachedTlsMaterial(cache, create);
    const second = await cachedTlsMaterial(cache, create);
    expect([made(), second.serverKey]).toEqual([1, first.serverKey]);
    expect((await stat(path.join(cache, 'tls', 'material.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(cache, 'tls'))).mode & 0o777).toBe(0o700);
  });

  it('makes it anew when it expires within a day, or the file is not what it wrote', async () => {
    const cache = path.join(dir, 'expiring');
    const { create, made } = maker(day / 2);
    await cachedTlsMaterial(cache, create);
    await cachedTlsMaterial(cache, create);
    expect(made()).toBe(2);
    await writeFile(path.join(cache, 'tls', 'material.json'), '{"caCert": 1}');
    expect((await cachedTlsMaterial(cache, create)).caCert).toBe('ca 3');
    expect(JSON.parse(await readFile(path.join(cache, 'tls', 'material.json'), 'utf8'))).toMatchObject({ caCert: 'ca 3' });
  });

  it('still gives material when the cache cannot be written', async () => {
    const { create } = maker(30 * day);
    expect((await cachedTlsMaterial('/proc/compatlab-nope', create)).caCert).toBe('ca 1');
  });
});
