import { describe, expect, it } from 'vitest';
import { compareVersions, pickVersion, uniqueVersions } from './versions.js';

describe('versions', () => {
  it('orders numerically, a rebuild suffix after its release', () => {
    expect(uniqueVersions(['14.13', '14.9', '9.6.24', '14.13', '10.5.0-1', '10.5.0'])).toEqual([
      '9.6.24',
      '10.5.0',
      '10.5.0-1',
      '14.9',
      '14.13',
    ]);
    expect(compareVersions('8.0', '8.0.0')).toBe(0);
  });

  it('picks the newest build of a line, and an exact version only as itself', () => {
    const published = ['8.0.12', '8.0.15', '8.0.31', '8.1.0', '80.0.1'];
    expect(pickVersion(published, '8.0')).toBe('8.0.31');
    expect(pickVersion(published, '8.0.15')).toBe('8.0.15');
    expect(pickVersion(published, '8.0.18')).toBeUndefined();
    expect(pickVersion(published, '8')).toBe('8.1.0');
  });
});
