import type { ObservedError } from './report.js';

/** The error exactly as the driver reported it: its code (errno name, SQLSTATE, server error number) and message. */
export function observedError(error: unknown): ObservedError {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { code: typeof code === 'string' || typeof code === 'number' ? String(code) : undefined, message: error.message.trim() };
}
