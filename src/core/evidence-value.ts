/**
 * Values kept as evidence, bounded and in a form JSON holds faithfully: whatever a driver returns (BigInt,
 * Buffer, Date, nested objects, a two-million-row result), the report is written and memory stays flat.
 */

/** Rows kept of a statement's result; the rest are only counted. */
export const keptRows = 100;
/** Characters kept of a long text (and bytes of a long binary value); the rest is cut, with the full length said. */
export const keptTextLength = 10_000;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export function cutText(text: string): string {
  return text.length <= keptTextLength ? text : `${text.slice(0, keptTextLength)}… (cut: ${text.length} characters)`;
}

/** A value as JSON holds it: BigInt as its digits, bytes as `\x…` hex, dates in ISO 8601, long texts cut. */
export function jsonSafe(value: unknown, seen = new WeakSet<object>()): JsonValue {
  switch (typeof value) {
    case 'string':
      return cutText(value);
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'undefined':
      return null;
    case 'symbol':
      return value.toString();
    case 'function':
      return `[function ${value.name || 'anonymous'}]`;
    case 'object':
      break;
  }
  if (value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof Uint8Array) {
    const hex = Buffer.from(value.buffer, value.byteOffset, Math.min(value.byteLength, keptTextLength / 2)).toString('hex');
    return value.byteLength * 2 <= keptTextLength ? `\\x${hex}` : `\\x${hex}… (cut: ${value.byteLength} bytes)`;
  }
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  try {
    if (Array.isArray(value) || value instanceof Set) return [...(value as Iterable<unknown>)].map((v) => jsonSafe(v, seen));
    if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), jsonSafe(v, seen)]));
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return jsonSafe(toJSON.call(value), seen);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v, seen)]));
  } finally {
    seen.delete(value);
  }
}

/** The first `keptRows` rows, JSON-safe, and how many there were. */
export function keptRowsOf(rows: unknown[][], rowCount = rows.length): { rows: JsonValue[][]; rowCount: number } {
  return { rows: rows.slice(0, keptRows).map((row) => (Array.isArray(row) ? row.map((v) => jsonSafe(v)) : [jsonSafe(row)])), rowCount };
}

/**
 * Collects a result row by row, keeping the first `keptRows` and counting the rest, for clients that stream
 * (cursors, row events) so a big result never sits in memory.
 */
export class RowKeeper {
  readonly rows: unknown[][] = [];
  rowCount = 0;

  add(row: unknown[]): void {
    this.rowCount++;
    if (this.rows.length < keptRows) this.rows.push(row);
  }

  result(): { rows: unknown[][]; rowCount: number } {
    return { rows: this.rows, rowCount: this.rowCount };
  }
}
