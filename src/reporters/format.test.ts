import { describe, expect, it } from 'vitest';
import {
  briefChain,
  briefError,
  describeChain,
  describeExpected,
  describeObserved,
  describeOrigin,
  formatDate,
  formatDuration,
  shorten,
  summarizeSettings,
} from './format.js';

const tick = (s: string) => `\`${s}\``;

describe('format', () => {
  it('formats durations for people', () => {
    expect([0, 41, 999, 1412, 59_949, 72_500].map(formatDuration)).toEqual(['0 ms', '41 ms', '999 ms', '1.4 s', '59.9 s', '1 min 13 s']);
  });

  it('formats dates the same in every time zone', () => {
    expect(formatDate('2026-11-20T14:03:59.999Z')).toBe('2026-11-20 14:03 UTC');
    expect(formatDate('not a date')).toBe('not a date');
  });

  it('summarizes nested settings as dotted keys', () => {
    expect(summarizeSettings({ tls: { mode: 'disable' }, serverPublicKey: 'none' })).toBe('tls.mode=disable, serverPublicKey=none');
    expect(summarizeSettings({})).toBe('defaults');
  });

  it('shortens long messages to one line, keeping the start and more of the end, where the cause is', () => {
    const message = "Authentication plugin 'caching_sha2_password' reported error: Authentication requires secure connection.";
    expect(shorten(message)).toBe('Authentication plugin … error: Authentication requires secure connection.');
    expect(shorten('line one\n  line two\n')).toBe('line one line two');
  });

  it('drops OpenSSL noise from brief errors', () => {
    const message =
      'C0B7E1F2D27F0000:error:0A000438:SSL routines:ssl3_read_bytes:tlsv1 alert internal error:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1605:SSL alert number 80\n';
    expect(briefError({ code: 'EPROTO', message }, tick)).toEqual({
      code: '`EPROTO`',
      message: 'SSL routines:ssl3_read_bytes:tlsv1 alert internal error:SSL alert number 80',
    });
  });

  it('describes expected and observed errors with their code', () => {
    expect(describeExpected({ ok: false, error: { code: '2061', message: 'requires secure' } }, tick)).toBe(
      'error with code `2061` and message matching `requires secure`',
    );
    expect(describeExpected({ ok: false, error: 'alert' }, tick)).toBe('error matching `alert`');
    expect(describeObserved({ ok: false, error: { code: 'EPROTO', message: 'alert\n' } }, tick)).toBe('error `EPROTO`: `alert`');
    expect(describeObserved({ ok: true }, tick)).toBe('ok');
  });

  it('says how a docker server got its data when a warm start made it', () => {
    const code = (text: string) => `\`${text}\``;
    const origin = { runtime: 'docker' as const, image: 'compatlab-lab/postgres:15.8', imageId: 'sha256:45' };
    expect(describeOrigin(origin, code)).toBe('docker runtime, image `compatlab-lab/postgres:15.8` (`sha256:45`)');
    expect(describeOrigin({ ...origin, data: "data initialised once by the image's entrypoint" }, code)).toBe(
      "docker runtime, image `compatlab-lab/postgres:15.8` (`sha256:45`), data initialised once by the image's entrypoint",
    );
  });
});

describe('exception chains', () => {
  const error = {
    code: '08006',
    sqlState: '08006',
    message: 'SSL error: Received fatal alert: internal_error',
    exceptionClass: 'org.postgresql.util.PSQLException',
    causes: [{ exceptionClass: 'javax.net.ssl.SSLException', message: 'Received fatal alert: internal_error' }],
  };

  it('gives each cause its short class and message in a table cell', () => {
    expect(briefChain(error)).toBe('PSQLException ← SSLException: Received fatal alert: internal_error');
    expect(briefChain({ message: 'no class' })).toBeUndefined();
  });

  it('gives the SQLSTATE and full class names in detail sections', () => {
    expect(describeChain(error, (s) => `\`${s}\``)).toEqual([
      'SQLSTATE `08006`',
      'exception `org.postgresql.util.PSQLException`',
      'caused by `javax.net.ssl.SSLException`: `Received fatal alert: internal_error`',
    ]);
  });

  it("gives every code of an error: the server's number, the SQLSTATE, PostgreSQL's routine", () => {
    const mysql = { code: 'ER_PARSE_ERROR', serverCode: 1064, sqlState: '42000', message: 'You have an error' };
    expect(describeChain(mysql, (s) => `\`${s}\``)).toEqual(['server error `1064`, SQLSTATE `42000`']);
    const pg = { code: '28P01', sqlState: '28P01', routine: 'auth_failed', message: 'password authentication failed' };
    expect(describeChain(pg, (s) => s)).toEqual(['SQLSTATE 28P01, routine auth_failed']);
  });
});
