import { z } from 'zod';

export const tlsVersion = z.enum(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);

/** Client settings share one vocabulary; each client lists the parts it can express. */
export const clientSettings = z.strictObject({
  tls: z
    .strictObject({
      mode: z.enum(['disable', 'prefer', 'require', 'verify-ca', 'verify-full']).optional(),
      minVersion: tlsVersion.optional(),
      maxVersion: tlsVersion.optional(),
    })
    .optional(),
  /** How a MySQL client gets the server's RSA key for full authentication without TLS. */
  serverPublicKey: z.enum(['fetch', 'file', 'none']).optional(),
});
export type ClientSettings = z.infer<typeof clientSettings>;

/** A substring, or `/regex/flags`, which must compile. */
const pattern = z
  .string()
  .min(1)
  .superRefine((text, ctx) => {
    const regex = /^\/(.+)\/([a-z]*)$/s.exec(text);
    if (!regex) return;
    try {
      new RegExp(regex[1] ?? '', regex[2]);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `is not a valid regular expression: ${(error as Error).message}` });
    }
  });
export const errorExpectation = z.union([
  pattern,
  z
    .strictObject({
      // YAML reads 2061 as a number; error codes are compared as text.
      code: z.string({ error: `must be a string; quote it, e.g. '2061'` }).optional(),
      message: pattern.optional(),
    })
    .refine((e) => e.code !== undefined || e.message !== undefined, 'needs code or message'),
]);
export type ErrorExpectation = z.infer<typeof errorExpectation>;

/** A step's settings refine the matrix client's: `tls` is merged field by field. */
export function mergeSettings(base: ClientSettings, step: ClientSettings | undefined): ClientSettings {
  if (!step) return base;
  const tls = base.tls || step.tls ? { ...base.tls, ...step.tls } : undefined;
  return { ...base, ...step, ...(tls ? { tls } : {}) };
}

/** `{ tls: { mode: 'require' } }` → `[['tls.mode', 'require']]`: what a client must be able to express. */
export function settingEntries(settings: ClientSettings): [path: string, value: string][] {
  const entries: [string, string][] = [];
  const walk = (value: unknown, prefix: string) => {
    if (value === undefined) return;
    if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) walk(inner, prefix ? `${prefix}.${key}` : key);
    } else {
      entries.push([prefix, JSON.stringify(value).replace(/^"|"$/g, '')]);
    }
  };
  walk(settings, '');
  return entries;
}
