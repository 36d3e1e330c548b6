import { describe, expect, it } from 'vitest';
import { mysqlCliError, observedError } from './observed-error.js';

describe('observedError', () => {
  it("keeps a MySQL driver's symbolic code, error number and SQLSTATE", () => {
    const error = Object.assign(new Error('Client does not support authentication protocol requested by server'), {
      code: 'ER_NOT_SUPPORTED_AUTH_MODE',
      errno: 1251,
      sqlState: '08004',
    });
    expect(observedError(error)).toEqual({
      code: 'ER_NOT_SUPPORTED_AUTH_MODE',
      serverCode: 1251,
      sqlState: '08004',
      message: 'Client does not support authentication protocol requested by server',
    });
  });

  it('takes a PostgreSQL server error code as the SQLSTATE, with its routine', () => {
    const error = Object.assign(new Error('password authentication failed for user "app"'), {
      code: '28P01',
      severity: 'FATAL',
      routine: 'auth_failed',
    });
    expect(observedError(error)).toEqual({ code: '28P01', sqlState: '28P01', routine: 'auth_failed', message: error.message });
  });

  it("leaves Node's negative system errno out", () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED', errno: -111 });
    expect(observedError(error)).toEqual({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' });
  });
});

describe('mysqlCliError', () => {
  it('parses the error number and the SQLSTATE the CLI prints', () => {
    const stderr = 'ERROR 1064 (42000) at line 1: You have an error in your SQL syntax\n';
    expect(mysqlCliError(stderr, 1)).toEqual({ code: '1064', serverCode: 1064, sqlState: '42000', message: stderr.trim() });
  });

  it('keeps a warning line before the error, and falls back to the exit status', () => {
    const stderr =
      'mysql: [Warning] Using a password on the command line interface can be insecure.\nERROR 2061 (HY000): Authentication requires secure connection.';
    expect(mysqlCliError(stderr, 1)).toMatchObject({ code: '2061', serverCode: 2061, sqlState: 'HY000' });
    expect(mysqlCliError('', 137)).toEqual({ code: 'exit 137', message: 'mysql exited with status 137' });
  });
});
