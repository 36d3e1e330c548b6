import { describe, expect, it } from 'vitest';
import { skipFailsHere, underCi } from './ci.js';

describe('underCi', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['0', false],
    ['true', true],
    ['1', true],
  ])('CI=%s → %s', (value, expected) => {
    expect(underCi(value === undefined ? {} : { CI: value })).toBe(expected);
  });
});

describe('skipFailsHere', () => {
  it('fails a skip for what this machine lacks under CI only', () => {
    expect(skipFailsHere({ status: 'skipped', machineLacks: true }, true)).toBe(true);
    expect(skipFailsHere({ status: 'skipped', machineLacks: true }, false)).toBe(false);
  });

  it('never fails a skip the combination itself implies', () => {
    expect(skipFailsHere({ status: 'skipped' }, true)).toBe(false);
    expect(skipFailsHere({ status: 'skipped' }, false)).toBe(false);
  });
});
