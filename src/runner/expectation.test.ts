import { describe, expect, it } from 'vitest';
import type { Expectation } from '../config/schema.js';
import { describeUnmetOutcome, errorMatches, expectationMet, pickExpectation, textMatches } from './expectation.js';

const plainNoKey: Expectation = { when: { settings: { tls: { mode: 'disable' }, serverPublicKey: 'none' } }, error: { code: '2061' } };
const ok: Expectation = { when: undefined, error: undefined };

describe('expectations', () => {
  it('picks the first expectation whose `when` fits the client settings', () => {
    expect(pickExpectation([plainNoKey, ok], 'mysql-cli', { tls: { mode: 'disable' }, serverPublicKey: 'none' })).toBe(plainNoKey);
    expect(pickExpectation([plainNoKey, ok], 'mysql-cli', { tls: { mode: 'disable' }, serverPublicKey: 'fetch' })).toBe(ok);
    expect(pickExpectation([plainNoKey], 'mysql2', {})).toEqual(ok);
  });

  it('matches `when.client` against the driver', () => {
    const cliOnly: Expectation = { when: { client: ['mysql-cli'] }, error: 'x' };
    expect(pickExpectation([cliOnly, ok], 'mysql2', {})).toBe(ok);
    expect(pickExpectation([cliOnly, ok], 'mysql-cli', {})).toBe(cliOnly);
  });

  it('checks code exactly and message as substring or /regex/', () => {
    const failed = { ok: false, error: { code: '2061', message: 'Authentication requires secure connection.' } };
    expect(expectationMet(plainNoKey, failed)).toBe(true);
    expect(expectationMet({ when: undefined, error: 'requires secure' }, failed)).toBe(true);
    expect(expectationMet({ when: undefined, error: { code: '1045' } }, failed)).toBe(false);
    expect(expectationMet(ok, failed)).toBe(false);
    expect(expectationMet(plainNoKey, { ok: true })).toBe(false);
    expect(textMatches('/alert (number )?80/i', 'SSL ALERT NUMBER 80')).toBe(true);
  });

  it("matches an expected message against the error and each of its causes (a pool's exception wraps the driver's)", () => {
    const pooled = {
      message: 'Connections could not be acquired from the underlying database!',
      causes: [{ exceptionClass: 'java.sql.SQLException', message: 'RSA public key is not available client side' }],
    };
    expect(errorMatches('RSA public key', pooled)).toBe(true);
    expect(errorMatches('Public Key Retrieval', pooled)).toBe(false);
  });

  it("matches a code against every code the error has: the driver's, the server's number and the SQLSTATE", () => {
    const mysql2 = { code: 'ER_PARSE_ERROR', serverCode: 1064, sqlState: '42000', message: 'You have an error in your SQL syntax' };
    const cli = { code: '1064', serverCode: 1064, sqlState: '42000', message: 'ERROR 1064 (42000) at line 1: You have an error' };
    const jdbc = { code: '42000', serverCode: 1064, sqlState: '42000', message: '(conn=5) You have an error in your SQL syntax' };
    for (const error of [mysql2, cli, jdbc]) {
      expect([errorMatches({ code: '42000' }, error), errorMatches({ code: '1064' }, error)]).toEqual([true, true]);
    }
    expect(errorMatches({ code: 'ER_PARSE_ERROR' }, mysql2)).toBe(true);
    expect(errorMatches({ code: 'ER_PARSE_ERROR' }, cli)).toBe(false);
  });

  it('tries a /regex/ against the codes and the messages, a plain text against the messages only', () => {
    const error = {
      code: 'ER_NOT_SUPPORTED_AUTH_MODE',
      serverCode: 1251,
      sqlState: '08004',
      message: 'Client does not support authentication protocol',
    };
    expect(errorMatches({ code: '/^ER_NOT_SUPPORTED/' }, error)).toBe(true);
    expect(errorMatches('/^08/', error)).toBe(true);
    expect(errorMatches('/^1251$/', error)).toBe(true);
    expect(errorMatches('08004', error)).toBe(false);
    expect(errorMatches({ code: '/^28/' }, error)).toBe(false);
  });

  it('says what was expected and what happened, with every code', () => {
    const error = { code: 'ER_PARSE_ERROR', serverCode: 1064, sqlState: '42000', message: 'You have an error' };
    expect(describeUnmetOutcome({ ok: false, error: { code: '28000' } }, { ok: false, error })).toBe(
      'failed with ER_PARSE_ERROR / 1064 / 42000: You have an error (expected an error with code "28000")',
    );
    expect(describeUnmetOutcome({ ok: false, error: 'denied' }, { ok: true })).toBe('succeeded (expected an error matching "denied")');
    expect(describeUnmetOutcome({ ok: true }, { ok: false, error: { message: 'refused' } })).toBe('failed: refused (expected ok)');
  });
});
