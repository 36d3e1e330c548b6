import type { ConnectionOptions } from 'node:tls';
import type { ClientEnvironment } from '../core/client.js';
import type { ClientSettings } from '../core/settings.js';

/**
 * Node's TLS options for `tls.mode` `require`, `verify-ca` or `verify-full` (drivers that hand them to
 * `tls.connect`); undefined for `disable`. `prefer` is the driver's own business and is not mapped here.
 */
export async function nodeTlsOptions(tls: ClientSettings['tls'], env: ClientEnvironment): Promise<ConnectionOptions | undefined> {
  const mode = tls?.mode ?? 'disable';
  if (mode === 'disable') return undefined;
  const verify = mode === 'verify-ca' || mode === 'verify-full';
  const options: ConnectionOptions = { rejectUnauthorized: verify };
  // Node's TLS layer asserts on options that are present but undefined, so only set what is asked for.
  if (verify) options.ca = (await env.ctx.tls()).caCert;
  if (mode === 'verify-ca') options.checkServerIdentity = () => undefined;
  if (tls?.minVersion) options.minVersion = tls.minVersion;
  if (tls?.maxVersion) options.maxVersion = tls.maxVersion;
  return options;
}
