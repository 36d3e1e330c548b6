import { describe, expect, it } from 'vitest';
import type { Expectation } from '../config/schema.js';
import { errorMatches, expectationMet, pickExpectation, textMatches } from './expectation.js';

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
});
