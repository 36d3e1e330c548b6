import { describe, expect, it } from 'vitest';
import { SkipError } from '../../core/errors.js';
import type { ClientSettings } from '../../core/settings.js';
import { jdbcUrl, jvmDefaultProtocols } from './jdbc-url.js';

const request = (engine: string, settings: ClientSettings) => ({
  protocol: 1 as const,
  connection: 'first',
  engine,
  host: '127.0.0.1',
  port: 5432,
  user: 'alice',
  database: 'postgres',
  passwordFile: '/tmp/x/password-1',
  settings,
  files: { ca: '/tmp/x/ca.pem', serverPublicKey: '/tmp/x/key.pem' },
  sql: [],
  timeoutMs: 15000,
});

describe('jdbcUrl', () => {
  it("maps settings to pgjdbc's properties, then adds the matrix's as given", () => {
    const url = jdbcUrl(
      request('postgres', { tls: { mode: 'verify-ca' } }),
      'pgjdbc',
      undefined,
      { sslfactory: 'org.postgresql.ssl.DefaultJavaSSLFactory' },
      jvmDefaultProtocols,
    );
    expect(url).toBe(
      'jdbc:postgresql://127.0.0.1:5432/postgres?sslmode=verify-ca&sslrootcert=%2Ftmp%2Fx%2Fca.pem&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory',
    );
  });

  it('lets the JVM property decide TLS versions for pgjdbc, and says so when it does not fit', () => {
    const settings: ClientSettings = { tls: { mode: 'require', maxVersion: 'TLSv1.2' } };
    expect(jdbcUrl(request('postgres', settings), 'pgjdbc', undefined, {}, ['TLSv1.2'])).toBe(
      'jdbc:postgresql://127.0.0.1:5432/postgres?sslmode=require',
    );
    expect(() => jdbcUrl(request('postgres', settings), 'pgjdbc', undefined, {}, jvmDefaultProtocols)).toThrow(
      new SkipError(
        'pgjdbc has no URL property for TLS versions and this JVM offers TLSv1.2, TLSv1.3; for tls.maxVersion=TLSv1.2 set options.jvmProperties["jdk.tls.client.protocols"] to TLSv1.2',
      ),
    );
  });

  it('maps TLS and RSA key settings to MariaDB Connector/J properties; the matrix has the last word', () => {
    const settings: ClientSettings = { tls: { mode: 'disable' }, serverPublicKey: 'none' };
    expect(jdbcUrl(request('mysql', settings), 'mariadb', undefined, {}, jvmDefaultProtocols)).toBe(
      'jdbc:mariadb://127.0.0.1:5432/postgres?useSsl=false&allowPublicKeyRetrieval=false',
    );
    expect(jdbcUrl(request('mysql', settings), 'mariadb', undefined, { allowPublicKeyRetrieval: true }, jvmDefaultProtocols)).toBe(
      'jdbc:mariadb://127.0.0.1:5432/postgres?useSsl=false&allowPublicKeyRetrieval=true',
    );
    expect(
      jdbcUrl(request('mysql', { tls: { mode: 'require', maxVersion: 'TLSv1.2' } }), 'mariadb', undefined, {}, jvmDefaultProtocols),
    ).toBe(
      'jdbc:mariadb://127.0.0.1:5432/postgres?useSsl=true&trustServerCertificate=true&enabledSslProtocolSuites=TLSv1%2CTLSv1.1%2CTLSv1.2',
    );
  });

  it("speaks each MySQL driver's own dialect: Connector/J's scheme, sslMode (useSSL before 8.0.13) and RSA key file property", () => {
    const settings: ClientSettings = { tls: { mode: 'disable' }, serverPublicKey: 'file' };
    expect(jdbcUrl(request('mysql', settings), 'connector-j', '8.0.18', {}, jvmDefaultProtocols)).toBe(
      'jdbc:mysql://127.0.0.1:5432/postgres?sslMode=DISABLED&serverRSAPublicKeyFile=%2Ftmp%2Fx%2Fkey.pem',
    );
    expect(jdbcUrl(request('mysql', { tls: { mode: 'require' } }), 'connector-j', '5.1.49', {}, jvmDefaultProtocols)).toBe(
      'jdbc:mysql://127.0.0.1:5432/postgres?useSSL=true&requireSSL=true&verifyServerCertificate=false',
    );
    expect(jdbcUrl(request('mysql', { tls: { mode: 'require' } }), 'mariadb', '3.5.6', {}, jvmDefaultProtocols)).toBe(
      'jdbc:mariadb://127.0.0.1:5432/postgres?sslMode=trust',
    );
    expect(() => jdbcUrl(request('mysql', { tls: { mode: 'verify-ca' } }), 'connector-j', '9.5.0', {}, jvmDefaultProtocols)).toThrow(
      SkipError,
    );
  });
});
