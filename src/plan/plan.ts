import type { KnownFailure, Scenario } from '../config/schema.js';
import type { ClientSpec, ServerSpec } from '../core/specs.js';

export type { ClientSpec, ServerSpec } from '../core/specs.js';

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
