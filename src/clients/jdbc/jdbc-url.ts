import { SkipError } from '../../core/errors.js';
import type { ClientSettings } from '../../core/settings.js';
import type { ProcessRequest } from '../process/protocol.js';

export type PropertyValue = string | number | boolean;

/** TLS versions a JVM offers when `jdk.tls.client.protocols` is not set (Java 11 and later). */
export const jvmDefaultProtocols = ['TLSv1.2', 'TLSv1.3'];
const tlsVersions = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/**
 * The JDBC URL of one connection: compatlab's settings as the driver's URL properties, then the
 * matrix's own `properties` exactly as given (they win). Throws SkipError for what the driver cannot express.
 */
export function jdbcUrl(
  request: Omit<ProcessRequest, 'options'>,
  properties: Record<string, PropertyValue>,
  jvmProtocols: string[],
): string {
  const mapped = request.engine === 'postgres' ? pgjdbc(request, jvmProtocols) : mariadb(request);
  const all = { ...mapped, ...properties };
  const query = Object.entries(all)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  const scheme = request.engine === 'postgres' ? 'postgresql' : 'mariadb';
  const host = request.host.includes(':') ? `[${request.host}]` : request.host;
  return `jdbc:${scheme}://${host}:${request.port}/${encodeURIComponent(request.database)}${query ? `?${query}` : ''}`;
}

/** pgjdbc: `sslmode` as in libpq; TLS versions only through the JVM's `jdk.tls.client.protocols`. */
function pgjdbc(request: Omit<ProcessRequest, 'options'>, jvmProtocols: string[]): Record<string, PropertyValue> {
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

/** MariaDB Connector/J 2.x: `useSsl`, certificate options, and the RSA public key options. */
function mariadb(request: Omit<ProcessRequest, 'options'>): Record<string, PropertyValue> {
  const tls = request.settings.tls ?? {};
  const props: Record<string, PropertyValue> = {};
  switch (tls.mode) {
    case undefined:
      break;
    case 'disable':
      props.useSsl = false;
      break;
    case 'prefer':
      throw new SkipError('MariaDB Connector/J has no "preferred" TLS mode: with useSsl=true it requires TLS');
    case 'require':
      Object.assign(props, { useSsl: true, trustServerCertificate: true });
      break;
    case 'verify-ca':
      Object.assign(props, { useSsl: true, serverSslCert: request.files.ca, disableSslHostnameVerification: true });
      break;
    case 'verify-full':
      Object.assign(props, { useSsl: true, serverSslCert: request.files.ca });
      break;
  }
  if (tls.minVersion || tls.maxVersion) {
    props.enabledSslProtocolSuites = tlsVersions
      .filter((v) => (!tls.minVersion || byVersion(v, tls.minVersion) >= 0) && (!tls.maxVersion || byVersion(v, tls.maxVersion) <= 0))
      .join(',');
  }
  const key = request.settings.serverPublicKey;
  if (key === 'fetch') props.allowPublicKeyRetrieval = true;
  if (key === 'none') props.allowPublicKeyRetrieval = false;
  if (key === 'file') props.serverRsaPublicKeyFile = request.files.serverPublicKey ?? '';
  return props;
}

function byVersion(a: string, b: string): number {
  return tlsVersions.indexOf(a) - tlsVersions.indexOf(b);
}

function describeRange(settings: ClientSettings): string {
  const { minVersion, maxVersion } = settings.tls ?? {};
  return [minVersion && `tls.minVersion=${minVersion}`, maxVersion && `tls.maxVersion=${maxVersion}`].filter(Boolean).join(', ');
}
