import type { ServerSpec } from '../../src/core/specs.js';

/** A plain server spec (no TLS, no settings), as a matrix's `servers: [engine@version]` gives it. */
export const serverSpec = (engine: string, version: string): ServerSpec => ({
  engine,
  version,
  tls: { enabled: false, clientCa: false },
  settings: {},
  label: `${engine}@${version}`,
  key: `${engine}@${version}`,
});
