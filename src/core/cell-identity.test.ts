import { describe, expect, it } from 'vitest';
import { byCell, cellAnchor, cellKey } from './cell-identity.js';

describe('cell identity', () => {
  it('is the matrix file and the id, whichever way the path is written', () => {
    expect(cellKey({ matrixFile: './matrix/a.yaml', id: 'x' })).toBe(cellKey({ matrixFile: 'matrix/a.yaml', id: 'x' }));
    expect(cellKey({ matrixFile: 'matrix/a.yaml', id: 'x' })).not.toBe(cellKey({ matrixFile: 'matrix/b.yaml', id: 'x' }));
  });

  it('gives every cell its own HTML anchor, also where ids differ only in punctuation or matrices share an id', () => {
    const cells = [
      { matrixFile: 'matrix/a.yaml', id: 'postgres@15.8/pg/x' },
      { matrixFile: 'matrix/b.yaml', id: 'postgres@15.8/pg/x' },
      { matrixFile: 'matrix/a.yaml', id: 'postgres@15.8-pg-x' },
    ];
    const anchors = cells.map(cellAnchor);
    expect(new Set(anchors).size).toBe(3);
    for (const anchor of anchors) expect(anchor).toMatch(/^cell-postgres-15\.8-pg-x-[0-9a-f]{8}$/);
  });

  it('groups by cell in first-seen order', () => {
    const a = { matrixFile: 'm', id: 'a', n: 1 };
    const b = { matrixFile: 'n', id: 'a', n: 2 };
    expect(byCell([a, b, { ...a, n: 3 }]).map((g) => g.map((x) => x.n))).toEqual([[1, 3], [2]]);
  });
});
