import { describe, expect, it } from 'vitest';
import { countSpares, partialName, partialOwner } from './ready-data-dirs.js';

describe('partialName / partialOwner', () => {
  it('names a partial copy after the process making it, and reads that process back', () => {
    expect(partialName(4242)).toMatch(/^\.partial-4242-[0-9a-f-]{36}$/);
    expect(partialOwner(partialName(4242))).toBe(4242);
    expect(partialOwner('.partial-x-1')).toBeUndefined();
    expect(partialOwner('0b8f4e2c-ready-copy')).toBeUndefined();
  });
});

describe('countSpares', () => {
  const alive = (pid: number) => pid === 100;

  it('claims only complete copies and tops them up to the bound', () => {
    expect(countSpares([], alive, 2)).toEqual({ ready: [], stale: [], missing: 2 });
    expect(countSpares(['a', 'b'], alive, 2)).toEqual({ ready: ['a', 'b'], stale: [], missing: 0 });
    expect(countSpares(['a', 'b', 'c'], alive, 2)).toEqual({ ready: ['a', 'b', 'c'], stale: [], missing: 0 });
  });

  it('counts copies a live process is making, so two runs do not both fill the gap', () => {
    expect(countSpares(['a', '.partial-100-x'], alive, 2)).toEqual({ ready: ['a'], stale: [], missing: 0 });
  });

  it('marks the partial copies of a process that is gone as stale, and does not count them', () => {
    expect(countSpares(['.partial-7-x', '.partial-bad', 'a'], alive, 2)).toEqual({
      ready: ['a'],
      stale: ['.partial-7-x', '.partial-bad'],
      missing: 1,
    });
  });

  it('ignores other hidden files', () => {
    expect(countSpares(['.DS_Store', 'a'], alive, 2)).toEqual({ ready: ['a'], stale: [], missing: 1 });
  });
});
