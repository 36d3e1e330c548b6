import { SkipError } from '../../core/errors.js';
import type { ClientSettings } from '../../core/settings.js';
import type { ProcessRequest } from '../process/protocol.js';
import { compareVersions, type UrlDialect } from './artifacts.js';

export type PropertyValue = string | number | boolean;

/** TLS versions a JVM offers when `jdk.tls.client.protocols` is not set (Java 11 and later). */
export const jvmDefaultProtocols = ['TLSv1.2', 'TLSv1.3'];
const tlsVersions = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

type Request = Omit<ProcessRequest, 'options'>;

/** Each driver's scheme and its own property names for compatlab's settings. */
const dialects: Record<
  UrlDialect,
  { scheme: string; properties(request: Request, version: string | undefined, jvmProtocols: string[]): Record<string, PropertyValue> }
> = {
  pgjdbc: { scheme: 'postgresql', properties: (request, _version, jvmProtocols) => pgjdbc(request, jvmProtocols) },
  mariadb: { scheme: 'mariadb', properties: (request, version) => mariadb(request, version) },
  'connector-j': { scheme: 'mysql', properties: (request, version) => connectorJ(request, version) },
};

/**
 * The JDBC URL of one connection: compatlab's settings as the driver's URL properties, then the
 * matrix's own `native` properties exactly as given (they win). Throws SkipError for what the driver cannot express.
 * `version` is the driver's Maven version (undefined: Debian's jar).
 */
export function jdbcUrl(
  request: Request,
  dialect: UrlDialect,
  version: string | undefined,
  native: Record<string, PropertyValue>,
  jvmProtocols: string[],
): string {
  const mapped = dialects[dialect].properties(request, version, jvmProtocols);
  const all = { ...mapped, ...native };
  const query = Object.entries(all)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  const scheme = dialects[dialect].scheme;
  const host = request.host.includes(':') ? `[${request.host}]` : request.host;
  return `jdbc:${scheme}://${host}:${request.port}/${encodeURIComponent(request.database)}${query ? `?${query}` : ''}`;
}

/** pgjdbc: `sslmode` as in libpq; TLS versions only through the JVM's `jdk.tls.client.protocols`. */
function pgjdbc(request: Request, jvmProtocols: string[]): Record<string, PropertyValue> {
  const tls = request.settings.tls ?? {};
  const props: Record<string, PropertyValue> = {};
  if (tls.mode) props.sslmode = tls.mode;
  if (tls.mode === 'verify-ca' || tls.mode === 'verify-full') props.sslrootcert = request.files.ca;
  const offered = jvmProtocols.filter((v) => tlsVersions.includes(v)).sort(byVersion);
  const wanted = offered.filter(
    (v) => (!tls.minVersion || byVersion(v, tls.minVersion) >= 0) && (!tls.maxVersion || byVersion(v, tls.maxVersion) <= 0),
  );
  if (wanted.length !== offered.length) {
    throw new SkipError(
      `pgjdbc has no URL property for TLS versions and this JVM offers ${offered.join(', ')}; for ${describeRange(request.settings)} ` +
        `set options.jvmProperties["jdk.tls.client.protocols"] to ${wanted.join(',') || 'a version in that range'}`,
    );
  }
  return props;
}

/** MariaDB Connector/J: `sslMode` from 3.0 (`useSsl` before), certificate options, and the RSA public key options. */
function mariadb(request: Request, version: string | undefined): Record<string, PropertyValue> {
  const tls = request.settings.tls ?? {};
  if (tls.mode === 'prefer') throw new SkipError('MariaDB Connector/J has no "preferred" TLS mode: it requires TLS once asked for it');
  const props = version !== undefined && compareVersions(version, '3') >= 0 ? mariadb3Tls(request) : mariadb2Tls(request);
  if (tls.minVersion || tls.maxVersion) props.enabledSslProtocolSuites = versionRange(request.settings);
  publicKey(request, props, 'serverRsaPublicKeyFile');
  return props;
}

/**
 * MySQL Connector/J: `sslMode` from 8.0.13 (`useSSL`/`requireSSL` before); certificates are checked
 * against a trust store, which compatlab does not make for it, so the verify modes are not offered.
 */
function connectorJ(request: Request, version: string | undefined): Record<string, PropertyValue> {
  const tls = request.settings.tls ?? {};
  const props: Record<string, PropertyValue> = {};
  if (tls.mode === 'verify-ca' || tls.mode === 'verify-full') {
    throw new SkipError(
      `Connector/J checks certificates against a trust store (trustCertificateKeyStoreUrl); compatlab does not make one for tls.mode=${tls.mode}`,
    );
  }
  if (version === undefined || compareVersions(version, '8.0.13') >= 0) {
    const modes = { disable: 'DISABLED', prefer: 'PREFERRED', require: 'REQUIRED' } as const;
    if (tls.mode) props.sslMode = modes[tls.mode];
  } else if (tls.mode) {
    props.useSSL = tls.mode !== 'disable';
    if (tls.mode === 'require') Object.assign(props, { requireSSL: true, verifyServerCertificate: false });
  }
  if (tls.minVersion || tls.maxVersion) props.enabledTLSProtocols = versionRange(request.settings);
  publicKey(request, props, 'serverRSAPublicKeyFile');
  return props;
}

function publicKey(request: Request, props: Record<string, PropertyValue>, fileProperty: string): void {
  const key = request.settings.serverPublicKey;
  if (key === 'fetch') props.allowPublicKeyRetrieval = true;
  if (key === 'none') props.allowPublicKeyRetrieval = false;
  if (key === 'file') props[fileProperty] = request.files.serverPublicKey ?? '';
}

function mariadb3Tls(request: Request): Record<string, PropertyValue> {
  const mode = request.settings.tls?.mode;
  const modes = { disable: 'disable', require: 'trust', 'verify-ca': 'verify-ca', 'verify-full': 'verify-full' } as const;
  if (mode === undefined || mode === 'prefer') return {};
  return { sslMode: modes[mode], ...(mode.startsWith('verify') ? { serverSslCert: request.files.ca } : {}) };
}

function mariadb2Tls(request: Request): Record<string, PropertyValue> {
  const { ca } = request.files;
  switch (request.settings.tls?.mode) {
    case undefined:
    case 'prefer':
      return {};
    case 'disable':
      return { useSsl: false };
    case 'require':
      return { useSsl: true, trustServerCertificate: true };
    case 'verify-ca':
      return { useSsl: true, serverSslCert: ca, disableSslHostnameVerification: true };
    case 'verify-full':
      return { useSsl: true, serverSslCert: ca };
  }
}

function versionRange(settings: ClientSettings): string {
  const { minVersion, maxVersion } = settings.tls ?? {};
  return tlsVersions
    .filter((v) => (!minVersion || byVersion(v, minVersion) >= 0) && (!maxVersion || byVersion(v, maxVersion) <= 0))
    .join(',');
}

function byVersion(a: string, b: string): number {
  return tlsVersions.indexOf(a) - tlsVersions.indexOf(b);
}

function describeRange(settings: ClientSettings): string {
  const { minVersion, maxVersion } = settings.tls ?? {};
  return [minVersion && `tls.minVersion=${minVersion}`, maxVersion && `tls.maxVersion=${maxVersion}`].filter(Boolean).join(', ');
}
