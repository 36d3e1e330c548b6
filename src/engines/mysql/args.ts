import type { ServerTlsFiles } from '../../core/engine.js';
import type { ServerSpec } from '../../core/specs.js';

/** `--name=value` for the spec's settings (booleans as ON/OFF), then the TLS files. */
export function mysqlServerArgs(spec: ServerSpec, tls: ServerTlsFiles | undefined): string[] {
  const settings: Record<string, string | number | boolean> = { ...spec.settings };
  if (tls) {
    Object.assign(settings, { 'ssl-cert': tls.cert, 'ssl-key': tls.key });
    if (tls.clientCa) settings['ssl-ca'] = tls.clientCa;
  }
  return Object.entries(settings).map(([key, value]) => `--${key}=${mysqlSetting(value)}`);
}

function mysqlSetting(value: string | number | boolean): string {
  return typeof value === 'boolean' ? (value ? 'ON' : 'OFF') : String(value);
}
