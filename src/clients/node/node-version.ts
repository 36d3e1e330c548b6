import validRange from 'semver/ranges/valid.js';
import { z } from 'zod';

/** A Node release line or version (`12`, `12.22`, `12.22.12`, `^12`); YAML may read `12` as a number. */
export const nodeVersion = z.union([z.number().int().positive(), z.string().min(1)]).superRefine((value, ctx) => {
  if (validRange(String(value)) === null) {
    ctx.addIssue({ code: 'custom', message: `node "${value}" must be a Node version or range, e.g. 12 or 12.22.12` });
  }
});
