import type { ConnectionOutcome, StatementOutcome } from '../core/client.js';
import { observedError } from '../core/observed-error.js';
import { keptRowsOf } from '../core/evidence-value.js';

/** A statement's rows, or the first of them and how many there were (from a client that streams). */
export type QueryRows = unknown[][] | { rows: unknown[][]; rowCount: number } | undefined;

/**
 * Runs a connection's statements in order and stops at the first error, which becomes the
 * connection's error. `query` returns the statement's rows as arrays of values; only the first are kept.
 */
export async function runStatements(
  sql: string[],
  query: (sql: string) => Promise<QueryRows>,
  onStatement?: (statement: StatementOutcome) => void,
): Promise<ConnectionOutcome> {
  const statements: StatementOutcome[] = [];
  for (const text of sql) {
    const started = performance.now();
    try {
      const result = await query(text);
      const kept = result === undefined ? {} : Array.isArray(result) ? keptRowsOf(result) : keptRowsOf(result.rows, result.rowCount);
      statements.push({ sql: text, ok: true, ...kept, durationMs: Math.round(performance.now() - started) });
      onStatement?.(statements.at(-1)!);
    } catch (error) {
      const failed = { sql: text, ok: false, error: observedError(error), durationMs: Math.round(performance.now() - started) };
      statements.push(failed);
      onStatement?.(failed);
      return { ok: false, error: failed.error, statements };
    }
  }
  return { ok: true, statements };
}
