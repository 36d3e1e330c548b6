import { isDeepStrictEqual } from 'node:util';
import type { ClientName, ClientSettings, ErrorExpectation, Expectation, When } from '../config/schema.js';
import { errorCodes } from '../core/observed-error.js';
import type { ObservedError } from '../core/report.js';

/** The first expectation whose `when` fits this client and its settings; none fitting means `ok`. */
export function pickExpectation(list: Expectation[], client: ClientName, settings: ClientSettings): Expectation {
  return list.find((e) => e.when === undefined || whenMatches(e.when, client, settings)) ?? { when: undefined, error: undefined };
}

function whenMatches(when: When, client: ClientName, settings: ClientSettings): boolean {
  const clients = when.client === undefined ? undefined : [when.client].flat();
  return (clients === undefined || clients.includes(client)) && (when.settings === undefined || isSubset(when.settings, settings));
}

/** Every field given in `pattern` has the same value in `value`. */
function isSubset(pattern: unknown, value: unknown): boolean {
  if (typeof pattern !== 'object' || pattern === null) return isDeepStrictEqual(pattern, value);
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(pattern).every(([key, p]) => p === undefined || isSubset(p, (value as Record<string, unknown>)[key]));
}

export function expectationMet(expected: Expectation, outcome: { ok: boolean; error?: ObservedError }): boolean {
  if (expected.error === undefined) return outcome.ok;
  return !outcome.ok && outcome.error !== undefined && errorMatches(expected.error, outcome.error);
}

/**
 * `code` matches any code the error has (the driver's own, the server's number, the SQLSTATE), so one
 * scenario serves every client: `42000` fits mysql2's ER_PARSE_ERROR, the CLI's `ERROR 1064 (42000)` and JDBC.
 * A `/regex/` is tried against the codes and the messages; a plain text is a substring of a message.
 */
export function errorMatches(expected: ErrorExpectation, observed: ObservedError): boolean {
  const { code, message } = typeof expected === 'string' ? { code: undefined, message: expected } : expected;
  const codes = errorCodes(observed);
  const codeFits = code === undefined || (asRegex(code) ? codes.some((c) => textMatches(code, c)) : codes.includes(code));
  // A pool's exception wraps the driver's: an expected message may be any cause's.
  const messages = [observed.message, ...(observed.causes ?? []).map((c) => c.message)];
  const candidates = message !== undefined && asRegex(message) ? [...codes, ...messages] : messages;
  return codeFits && (message === undefined || candidates.some((m) => textMatches(message, m)));
}

/** A `/regex/flags` pattern, or else a plain substring. */
export function textMatches(pattern: string, text: string): boolean {
  const regex = asRegex(pattern);
  return regex ? regex.test(text) : text.includes(pattern);
}

function asRegex(pattern: string): RegExp | undefined {
  const regex = /^\/(.+)\/([a-z]*)$/s.exec(pattern);
  return regex ? new RegExp(regex[1] ?? '', regex[2]) : undefined;
}

/** What an unmet step was expected to do and what it did instead, every code of its error included. */
export function describeUnmetOutcome(
  expected: { ok: true } | { ok: false; error: ErrorExpectation },
  outcome: { ok: boolean; error?: ObservedError },
): string {
  return `${describeOutcome(outcome)} (expected ${expected.ok ? 'ok' : describeErrorExpectation(expected.error)})`;
}

function describeOutcome(outcome: { ok: boolean; error?: ObservedError }): string {
  if (outcome.ok) return 'succeeded';
  if (!outcome.error) return 'failed (no error given)';
  const codes = [...new Set(errorCodes(outcome.error))];
  return `failed${codes.length > 0 ? ` with ${codes.join(' / ')}` : ''}: ${outcome.error.message}`;
}

function describeErrorExpectation(expected: ErrorExpectation): string {
  if (typeof expected === 'string') return `an error matching ${JSON.stringify(expected)}`;
  const parts = [
    expected.code === undefined ? undefined : `code ${JSON.stringify(expected.code)}`,
    expected.message === undefined ? undefined : `message matching ${JSON.stringify(expected.message)}`,
  ].filter((p) => p !== undefined);
  return `an error with ${parts.join(' and ')}`;
}
