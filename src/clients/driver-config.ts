import { z } from 'zod';
import type { ClientSpec } from '../core/specs.js';

/** A driver's own connection options, handed to it as written (they win over what compatlab's settings map to). */
export const nativeOption = z.record(z.string(), z.unknown()).optional();

/** The options of a client whose only option is `native`. */
export const nativeOnly = z.strictObject({ native: nativeOption });

export function nativeOf(spec: ClientSpec): Record<string, unknown> {
  const native = (spec.options as { native?: Record<string, unknown> } | undefined)?.native;
  return native ?? {};
}

const material = new Set(['ca', 'cert', 'key', 'pfx', 'session', 'passphrase', 'rsaPublicKey', 'cachingRsaPublicKey']);

/**
 * A driver's connection options as the report shows them: no password, key material or session bytes
 * (only that they were given), functions by name; one level of nesting (`ssl: {…}`) is shown the same way.
 */
export function shownConfig(config: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined || key === 'password') continue;
    if (typeof value === 'function') shown[key] = `(function${value.name ? ` ${value.name}` : ''})`;
    else if (material.has(key)) shown[key] = '(given)';
    else if (depth === 0 && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      shown[key] = shownConfig(value as Record<string, unknown>, 1);
    } else shown[key] = value;
  }
  return shown;
}
