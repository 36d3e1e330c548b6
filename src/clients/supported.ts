import type { Client } from '../core/client.js';
import { settingEntries, type ClientSettings } from '../core/settings.js';

/** Why this client cannot express these settings (or features), or undefined when it can. */
export function unsupported(client: Client, settings: ClientSettings, features: string[] = []): string | undefined {
  const wanted: [string, string | undefined][] = [...settingEntries(settings), ...features.map((f): [string, undefined] => [f, undefined])];
  for (const [path, value] of wanted) {
    const allowed = client.supports[path];
    const fits = allowed === true || (allowed !== undefined && value !== undefined && allowed.includes(value));
    if (fits) continue;
    const what = value === undefined ? path : `${path}=${value}`;
    const why = client.limits?.[what] ?? client.limits?.[path];
    const can = allowed === undefined ? '' : ` (it can: ${allowed.join(', ')})`;
    return `${client.name} cannot express ${what}${can}${why ? `: ${why}` : ''}`;
  }
  const combination = client.unsupported?.(settings);
  return combination && `${client.name} cannot express these settings: ${combination}`;
}
