import type { ClientName, ClientSettings, EngineName, KnownFailure, Scenario } from '../config/schema.js';

export interface ServerSpec {
  engine: EngineName;
  version: string;
  variant?: string;
  tls: { enabled: boolean; clientCa: boolean };
  settings: Record<string, string | number | boolean>;
  /** `postgres@15.8`, or `postgres@15.8+variant`. */
  label: string;
  /** Cells with the same key share one running server. */
  key: string;
}

export interface ClientSpec {
  driver: ClientName;
  /** The matrix's name for this client and settings, e.g. `pg-tls12`. */
  label: string;
  settings: ClientSettings;
}

export interface Cell {
  /** `postgres@15.8/pg/pg-tls-session-resumption`: stable, and globbable with `--cell`. */
  id: string;
  matrixFile: string;
  scenarioFile: string;
  scenario: Scenario;
  server: ServerSpec;
  client: ClientSpec;
  knownFailure?: KnownFailure;
}

export interface ServerGroup {
  server: ServerSpec;
  cells: Cell[];
}

export interface Plan {
  cells: Cell[];
  /** Cells grouped by the server they share, in matrix order. */
  groups: ServerGroup[];
}
