import { isDeepStrictEqual } from 'node:util';
import { jsonSafe } from '../core/evidence-value.js';

export type Cell = string | number | boolean | null;

/**
 * Rows compared as text, so one scenario fits every driver: `1` in a file matches an integer 1
 * and a string "1" (drivers differ in how they type a numeric, a bigint or a date).
 */
export function rowsMatch(expected: Cell[][], returned: unknown[][] | undefined, rowCount = returned?.length): boolean {
  return returned !== undefined && rowCount === expected.length && isDeepStrictEqual(asText(expected), asText(returned));
}

/** Values as the report shows them: text, or null. */
export function asText(rows: unknown[][]): (string | null)[][] {
  return rows.map((row) => row.map(cellText));
}

function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(jsonSafe(value));
}
