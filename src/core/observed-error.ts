import type { ObservedError } from './report.js';

/**
 * The error exactly as the driver reported it, with every identity it has: the driver's own code
 * (`ER_PARSE_ERROR`), the server's error number (MySQL drivers' `errno`: 1064) and the SQLSTATE
 * (`sqlState`; a PostgreSQL server error, which has a `severity`, carries it as its `code`).
 */
export function observedError(error: unknown): ObservedError {
  if (error instanceof ObservedFailure) return error.observed;
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, errno, sqlState, severity, routine } = error as Error & Record<string, unknown>;
  // Node's system errors have a negative errno; a MySQL server or client error number is positive.
  const serverCode = typeof errno === 'number' && errno > 0 ? errno : undefined;
  // A MySQL driver that has no name for a server error (mysql2 2.x, 3118) still has its number.
  const own = typeof code === 'string' || typeof code === 'number' ? String(code) : serverCode?.toString();
  const state =
    typeof sqlState === 'string' && sqlState !== '' ? sqlState : severity !== undefined && own && isSqlState(own) ? own : undefined;
  return {
    code: own,
    ...(serverCode === undefined ? {} : { serverCode }),
    ...(state ? { sqlState: state } : {}),
    ...(typeof routine === 'string' ? { routine } : {}),
    message: error.message.trim(),
  };
}

/** Thrown by a client that has already read every code off an error (a command's output, a probe's answer). */
export class ObservedFailure extends Error {
  constructor(readonly observed: ObservedError) {
    super(observed.message);
  }
}

const isSqlState = (text: string) => /^[0-9A-Z]{5}$/.test(text);

/** The MySQL (or MariaDB) command-line client's `ERROR 1064 (42000) at line 1: …`: the error number and the SQLSTATE; else the exit status. */
export function mysqlCliError(stderr: string, exitCode: number, program = 'mysql'): ObservedError {
  const message = stderr.trim() || `${program} exited with status ${exitCode}`;
  const found = /^ERROR (\d+)(?: \(([0-9A-Z]{5})\))?/m.exec(message);
  if (!found) return { code: `exit ${exitCode}`, message };
  return { code: found[1], serverCode: Number(found[1]), ...(found[2] ? { sqlState: found[2] } : {}), message };
}

/** Every code an error can be known by, for `expect.error.code`. */
export function errorCodes(error: ObservedError): string[] {
  return [error.code, error.serverCode?.toString(), error.sqlState].filter((c): c is string => c !== undefined);
}
