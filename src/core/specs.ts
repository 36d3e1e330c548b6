import type { ClientSettings } from './settings.js';

/** A key of the engine registry (`src/engines/index.ts`), e.g. `postgres`. */
export type EngineName = string;
/** A key of the client registry (`src/clients/index.ts`), e.g. `pg`, `mysql-cli`. */
export type DriverName = string;

export interface ServerSpec {
  engine: EngineName;
  version: string;
  variant?: string;
  tls: { enabled: boolean; clientCa: boolean };
  settings: Record<string, string | number | boolean>;
  /** PostgreSQL: the pg_hba lines the scenario states, in order, replacing the defaults. */
  hba?: string[];
  /** `postgres@15.8`, or `postgres@15.8+variant`. */
  label: string;
  /** Cells with the same key share one running server. */
  key: string;
}

export interface ClientSpec {
  driver: DriverName;
  /** The version asked for: exact, a semver range or `latest`; absent means the one compatlab ships. */
  version?: string;
  /** The client's own options, checked by the client's `options` schema (e.g. a JDBC URL's properties). */
  options?: Record<string, unknown>;
  /** The matrix's name for this client and settings, e.g. `pg-tls12`. */
  label: string;
  settings: ClientSettings;
}
