import { describe, expect, it } from 'vitest';
import { driverCacheDir } from './driver-install.js';
import { chooseVersion } from './driver-versions.js';

const registry = { versions: ['2.3.3', '3.0.0', '3.24.5', '8.7.3', '8.11.0'], latest: '3.24.5' };

describe('chooseVersion', () => {
  it('uses the bundled copy or the cache for an exact version, without the registry', () => {
    expect(chooseVersion('3.24.5', '3.24.5', [], undefined)).toEqual({ version: '3.24.5', from: 'bundled' });
    expect(chooseVersion('v8.7.3', '3.24.5', ['8.7.3'], undefined)).toEqual({ version: '8.7.3', from: 'cache' });
  });

  it('installs an exact version that is published but not here', () => {
    expect(chooseVersion('8.7.3', '3.24.5', [], registry)).toEqual({ version: '8.7.3', from: 'registry' });
    expect(chooseVersion('8.7.4', '3.24.5', [], registry)).toEqual({ problem: '8.7.4 is not published (newest: 3.24.5)' });
    expect(chooseVersion('8.7.3', '3.24.5', [], undefined)).toEqual({
      problem: '8.7.3 is not in the cache and the npm registry cannot be reached',
    });
  });

  it('resolves a range or latest to the newest published match, reusing what is here', () => {
    expect(chooseVersion('^2', '3.24.5', [], registry)).toEqual({ version: '2.3.3', from: 'registry' });
    expect(chooseVersion('^2', '3.24.5', ['2.3.3'], registry)).toEqual({ version: '2.3.3', from: 'cache' });
    expect(chooseVersion('latest', '3.24.5', [], registry)).toEqual({ version: '3.24.5', from: 'bundled' });
    expect(chooseVersion('^9', '3.24.5', [], registry)).toEqual({ problem: 'no published version matches ^9 (newest: 3.24.5)' });
  });

  it('falls back to what is here when the registry cannot be reached', () => {
    expect(chooseVersion('^2', '3.24.5', ['2.1.0', '2.3.3'], undefined)).toEqual({ version: '2.3.3', from: 'cache' });
    expect(chooseVersion('^4', '3.24.5', ['2.3.3'], undefined)).toEqual({
      problem: 'nothing here matches ^4 and the npm registry cannot be reached',
    });
  });
});

describe('driverCacheDir', () => {
  it('keeps one directory per package and resolved version', () => {
    expect(driverCacheDir('/cache', 'pg', '8.7.3')).toBe('/cache/clients/pg/8.7.3');
    expect(driverCacheDir('/cache', '@scope/driver', '1.0.0')).toBe('/cache/clients/@scope__driver/1.0.0');
  });
});
