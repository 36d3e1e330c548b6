import type { ObservedError } from './report.js';

/** The error exactly as the driver reported it: its code (errno name, SQLSTATE, server error number), SQLSTATE and message. */
export function observedError(error: unknown): ObservedError {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, errno, sqlState, severity } = error as { code?: unknown; errno?: unknown; sqlState?: unknown; severity?: unknown };
  // A MySQL driver that has no name for a server error (mysql2 2.x, 3118) still has its number.
  const own = code ?? (typeof errno === 'number' && errno > 0 ? errno : undefined);
  const text = typeof own === 'string' || typeof own === 'number' ? String(own) : undefined;
  // The MySQL drivers give it as `sqlState`; a PostgreSQL server error (with a `severity`) has it as its code.
  const state = typeof sqlState === 'string' ? sqlState : severity !== undefined && text && /^[0-9A-Z]{5}$/.test(text) ? text : undefined;
  return { code: text, ...(state ? { sqlState: state } : {}), message: error.message.trim() };
}
