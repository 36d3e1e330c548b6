import path from 'node:path';
import type { Options } from 'pacote';
import type { RunContext } from './context.js';

/** How compatlab asks the npm registry (drivers, Node binaries, PostgreSQL builds): npm's registry setting, compatlab's cache. */
export function pacoteOptions(ctx: RunContext): Options {
  return {
    cache: path.join(ctx.cacheDir, 'npm'),
    registry: process.env.npm_config_registry ?? 'https://registry.npmjs.org/',
    fullMetadata: false,
  };
}
