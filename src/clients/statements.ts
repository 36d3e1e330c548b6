import type { ConnectionOutcome, StatementOutcome } from '../core/client.js';
import { observedError } from '../core/observed-error.js';

/**
 * Runs a connection's statements in order and stops at the first error, which becomes the
 * connection's error. `query` returns the statement's rows as arrays of values.
 */
export async function runStatements(sql: string[], query: (sql: string) => Promise<unknown[][] | undefined>): Promise<ConnectionOutcome> {
  const statements: StatementOutcome[] = [];
  for (const text of sql) {
    const started = performance.now();
    try {
      const rows = await query(text);
      statements.push({ sql: text, ok: true, rows, durationMs: Math.round(performance.now() - started) });
    } catch (error) {
      const failed = { sql: text, ok: false, error: observedError(error), durationMs: Math.round(performance.now() - started) };
      statements.push(failed);
      return { ok: false, error: failed.error, statements };
    }
  }
  return { ok: true, statements };
}
