import { describe, expect, it } from 'vitest';
import { upstreamVersion } from './debian-build.js';

describe('upstreamVersion', () => {
  it('drops the Debian revision and the epoch', () => {
    expect(upstreamVersion('9.7.4-2')).toBe('9.7.4');
    expect(upstreamVersion('1:11.8.3-1+b1')).toBe('11.8.3');
    expect(upstreamVersion('1:11.8.9+ds-0+deb13u1')).toBe('11.8.9');
    expect(upstreamVersion('9.7.4')).toBe('9.7.4');
  });
});
