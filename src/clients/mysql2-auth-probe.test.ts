import { describe, expect, it } from 'vitest';
import { AuthProbe, type AuthPlugins } from './mysql2-auth-probe.js';
import mysql from 'mysql2';

const plugins = mysql.authPlugins as AuthPlugins;
const scramble = Buffer.alloc(20, 7);
const fastAuthSuccess = Buffer.from([3]);
const performFullAuthentication = Buffer.from([4]);
const { publicKey } = await import('node:crypto').then((crypto) =>
  crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  }),
);

/** Plays the server's side of an authentication against the wrapped mysql2 plugin. */
async function authenticate(probe: AuthProbe, plugin: 'caching_sha2_password' | 'sha256_password', ...packets: Buffer[]) {
  const connection = { config: { password: 'secret', ssl: false }, stream: {} };
  const handle = probe.plugins()[plugin]!({ connection, command: 'auth' } as never);
  for (const packet of packets) await handle(packet);
  return probe.evidence();
}

describe('AuthProbe (mysql2 auth plugins)', () => {
  it('sees fast auth when the account is cached', async () => {
    expect(await authenticate(new AuthProbe(plugins, false), 'caching_sha2_password', scramble, fastAuthSuccess)).toEqual({
      plugin: 'caching_sha2_password',
      path: 'fast-auth',
    });
  });

  it('sees a full authentication over TLS', async () => {
    expect(await authenticate(new AuthProbe(plugins, true), 'caching_sha2_password', scramble, performFullAuthentication)).toEqual({
      plugin: 'caching_sha2_password',
      path: 'full-auth-tls',
    });
  });

  it('sees the RSA key requested, then fetched', async () => {
    expect(await authenticate(new AuthProbe(plugins, false), 'caching_sha2_password', scramble, performFullAuthentication)).toEqual({
      plugin: 'caching_sha2_password',
      path: 'full-auth-rsa-key-requested',
    });
    expect(
      await authenticate(
        new AuthProbe(plugins, false),
        'caching_sha2_password',
        scramble,
        performFullAuthentication,
        Buffer.from(publicKey),
      ),
    ).toEqual({
      plugin: 'caching_sha2_password',
      path: 'full-auth-rsa-key-fetched',
    });
  });

  it('sees the RSA key given', async () => {
    expect(
      await authenticate(new AuthProbe(plugins, false, publicKey), 'caching_sha2_password', scramble, performFullAuthentication),
    ).toEqual({
      plugin: 'caching_sha2_password',
      path: 'full-auth-rsa-key-given',
    });
  });

  it('sees sha256_password authenticate in full', async () => {
    expect(await authenticate(new AuthProbe(plugins, false), 'sha256_password', scramble, Buffer.from(publicKey))).toEqual({
      plugin: 'sha256_password',
      path: 'full-auth-rsa-key-fetched',
    });
  });

  it('has nothing to say before a plugin ran', () => {
    expect(new AuthProbe(plugins, false).evidence()).toBeUndefined();
  });
});
