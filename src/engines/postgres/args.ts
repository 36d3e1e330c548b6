import type { ServerTlsFiles } from '../../core/engine.js';
import type { ServerSpec } from '../../core/specs.js';

/** `-c name=value` for the spec's settings and the TLS files; the version's own defaults stay defaults (pg_settings says so). */
export function postgresServerArgs(spec: ServerSpec, tls: ServerTlsFiles | undefined): string[] {
  const settings: Record<string, string | number | boolean> = { ...spec.settings };
  if (tls) {
    Object.assign(settings, { ssl: 'on', ssl_cert_file: tls.cert, ssl_key_file: tls.key });
    if (tls.clientCa) settings.ssl_ca_file = tls.clientCa;
  }
  return Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${pgSetting(value)}`]);
}

function pgSetting(value: string | number | boolean): string {
  return typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value);
}
