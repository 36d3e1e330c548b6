import { isDeepStrictEqual } from 'node:util';
import type { ClientName, ClientSettings, ErrorExpectation, Expectation, When } from '../config/schema.js';
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

export function errorMatches(expected: ErrorExpectation, observed: ObservedError): boolean {
  const { code, message } = typeof expected === 'string' ? { code: undefined, message: expected } : expected;
  // A pool's exception wraps the driver's: an expected message may be any cause's.
  const messages = [observed.message, ...(observed.causes ?? []).map((c) => c.message)];
  return (code === undefined || observed.code === code) && (message === undefined || messages.some((m) => textMatches(message, m)));
}

/** A `/regex/flags` pattern, or else a plain substring. */
export function textMatches(pattern: string, text: string): boolean {
  const regex = /^\/(.+)\/([a-z]*)$/s.exec(pattern);
  return regex ? new RegExp(regex[1] ?? '', regex[2]).test(text) : text.includes(pattern);
}
