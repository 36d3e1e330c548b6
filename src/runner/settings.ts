import type { ClientSettings } from '../config/schema.js';

/** A step's settings refine the matrix client's: `tls` is merged field by field. */
export function mergeSettings(base: ClientSettings, step: ClientSettings | undefined): ClientSettings {
  if (!step) return base;
  const tls = base.tls || step.tls ? { ...base.tls, ...step.tls } : undefined;
  return { ...base, ...step, ...(tls ? { tls } : {}) };
}
