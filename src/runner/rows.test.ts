import { describe, expect, it } from 'vitest';
import { asText, rowsMatch } from './rows.js';

describe('rowsMatch', () => {
  it('compares values as text, whatever type the driver gave them', () => {
    expect(rowsMatch([[1, 'a', true, null]], [[1, 'a', true, null]])).toBe(true);
    expect(rowsMatch([[1, '2']], [['1', 2n]])).toBe(true);
    expect(rowsMatch([['2024-01-02T03:04:05.000Z']], [[new Date('2024-01-02T03:04:05Z')]])).toBe(true);
  });

  it('tells different rows, a different number of rows and no rows apart', () => {
    expect(rowsMatch([[1]], [[2]])).toBe(false);
    expect(rowsMatch([[1]], [[1], [1]])).toBe(false);
    expect(rowsMatch([[null]], [['null']])).toBe(false);
    expect(rowsMatch([], undefined)).toBe(false);
    expect(rowsMatch([], [])).toBe(true);
  });

  it('shows bytes as hex and objects as JSON', () => {
    expect(asText([[Buffer.from([1, 255]), { a: 1 }]])).toEqual([['\\x01ff', '{"a":1}']]);
  });
});
