import { describe, expect, it } from 'vitest';
import type { ClientSession } from './client.js';
import { versionMismatch } from './client-version.js';

const session = {} as ClientSession;
const spec = (version?: string) => ({ driver: 'jdbc', version, label: 'jdbc', settings: {} });

describe('versionMismatch', () => {
  it('accepts what satisfies the version asked for, and anything when none was asked', () => {
    expect(versionMismatch(spec('42.5.5'), { version: '42.5.5', session })).toBeUndefined();
    expect(versionMismatch(spec('^42.5'), { version: '42.5.5 (PostgreSQL JDBC Driver)', session })).toBeUndefined();
    expect(versionMismatch(spec(), { version: '42.5.5', session })).toBeUndefined();
    expect(versionMismatch(spec('latest'), { version: '42.7.4', session })).toBeUndefined();
    // Go module versions: a `v`, pseudo-versions.
    expect(versionMismatch(spec('v1.8.1'), { version: '1.8.1', session })).toBeUndefined();
    const pseudo = '0.0.0-20240101000000-abcdef123456';
    expect(versionMismatch(spec(pseudo), { version: pseudo, session })).toBeUndefined();
    expect(versionMismatch(spec(pseudo), { version: '0.0.0', session })).toMatch(/was asked for, and what would run is 0\.0\.0/);
    // Maven versions that are not semver are compared as written.
    expect(versionMismatch(spec('0.9.5.5'), { version: '0.9.5.5', session })).toBeUndefined();
    expect(versionMismatch(spec('42.2.28.jre7'), { version: '42.2.28.jre7 (PostgreSQL JDBC Driver)', session })).toBeUndefined();
    expect(versionMismatch(spec('0.9.5.5'), { version: '0.9.5.2', session })).toMatch(
      /^jdbc@0\.9\.5\.5 was asked for, and what would run is 0\.9\.5\.2/,
    );
  });

  it('refuses a stand-in, naming what would have run', () => {
    expect(versionMismatch(spec('42.1.4'), { version: '42.5.5', origin: '/usr/share/java/postgresql.jar', session })).toBe(
      'jdbc@42.1.4 was asked for, and what would run is 42.5.5 (/usr/share/java/postgresql.jar): it is not run in its place',
    );
    expect(versionMismatch(spec('42.1.4'), { version: 'unknown', session })).toMatch(
      /^jdbc@42\.1\.4 was asked for, and the version that would run is not known/,
    );
  });
});
