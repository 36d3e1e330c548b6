import { describe, expect, it } from 'vitest';
import { matchesMinor } from './npm-binaries.js';

describe('matchesMinor', () => {
  it('matches a minor version to its builds, and a patch version only to that patch', () => {
    expect(matchesMinor('15.8.0-beta.12', '15.8')).toBe(true);
    expect(matchesMinor('15.8.0-beta.12', '15.8.0')).toBe(true);
    expect(matchesMinor('15.8.0-beta.12', '15.8.3')).toBe(false);
    expect(matchesMinor('16.1.1-beta.9', '16.1.1')).toBe(true);
    expect(matchesMinor('15.10.0-beta.1', '15.1')).toBe(false);
  });
});
