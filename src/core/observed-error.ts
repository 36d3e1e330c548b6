import type { ObservedError } from './report.js';

/** The error exactly as the driver reported it: its code (errno name, SQLSTATE, server error number), SQLSTATE and message. */
export function observedError(error: unknown): ObservedError {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, sqlState, severity } = error as { code?: unknown; sqlState?: unknown; severity?: unknown };
  const text = typeof code === 'string' || typeof code === 'number' ? String(code) : undefined;
  // The MySQL drivers give it as `sqlState`; a PostgreSQL server error (with a `severity`) has it as its code.
  const state = typeof sqlState === 'string' ? sqlState : severity !== undefined && text && /^[0-9A-Z]{5}$/.test(text) ? text : undefined;
  return { code: text, ...(state ? { sqlState: state } : {}), message: error.message.trim() };
}
