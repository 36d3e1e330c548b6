import { describe, expect, it } from 'vitest';
import { shownConfig } from './driver-config.js';

describe('shownConfig', () => {
  it('shows what a driver got without its password, key material or session bytes', () => {
    const checkServerIdentity = () => undefined;
    expect(
      shownConfig({
        host: '127.0.0.1',
        password: 'secret',
        database: undefined,
        ssl: { rejectUnauthorized: true, ca: '-----BEGIN CERTIFICATE-----', session: Buffer.from('x'), checkServerIdentity },
        authPlugins: { caching_sha2_password: () => undefined },
      }),
    ).toEqual({
      host: '127.0.0.1',
      ssl: { rejectUnauthorized: true, ca: '(given)', session: '(given)', checkServerIdentity: '(function checkServerIdentity)' },
      authPlugins: { caching_sha2_password: '(function caching_sha2_password)' },
    });
  });
});
