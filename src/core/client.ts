import type { z } from 'zod';
import type { RunContext } from './context.js';
import type { ObservedError, StatementEvidence, StepEvidence } from './report.js';
import type { RunningServer } from './server.js';
import type { ClientSettings } from './settings.js';
import type { Protocol } from './engine.js';
import type { ClientSpec } from './specs.js';

/** One connection a connect step asks for: connect, run the statements in order, disconnect. */
export interface ConnectionRequest {
  /** The connect step's name; a later step may resume this connection's TLS session by it. */
  name: string;
  user: string;
  password: string;
  database: string;
  settings: ClientSettings;
  /** Offer the TLS session that the connection of this name established. */
  resumeTlsSessionFrom?: string;
  /** Run after connecting, as this user, in order; the first that fails ends the connection. */
  sql: string[];
  timeoutMs: number;
  signal: AbortSignal;
  /** Told of each statement as it finishes, so a connection that hangs still shows what ran before. */
  onStatement?: (statement: StatementOutcome) => void;
}

/** A statement as the client ran it: the report's evidence shape, rows already bounded. */
export type StatementOutcome = StatementEvidence;

/** One shape for every client (driver, command line or process), so the runner never cares which ran. */
export interface ConnectionOutcome {
  /** False when the connection or one of its statements failed; `error` is the first error. */
  ok: boolean;
  error?: ObservedError;
  tls?: StepEvidence['tls'];
  auth?: StepEvidence['auth'];
  /** What ran, in order, up to and including the first that failed. */
  statements?: StatementOutcome[];
  /** The connection configuration as the driver received it (secrets redacted). */
  driverConfig?: Record<string, unknown>;
}

/** What a cell's connections share: opened once per cell (one JVM, the TLS sessions saved so far). */
export interface ClientSession extends AsyncDisposable {
  /** Never throws for a refused connection or a failing statement: those are outcomes. */
  connect(request: ConnectionRequest): Promise<ConnectionOutcome>;
}

/** What a client gets from the harness for one cell; never an engine's internals. */
export interface ClientEnvironment {
  server: RunningServer;
  ctx: RunContext;
  /** The MySQL server's RSA public key (PEM), for clients that are given it instead of fetching it. */
  serverPublicKey(): Promise<string>;
}

export interface OpenedClient {
  /**
   * The version that runs, resolved (`8.7.3`, never `^8`), known before any step runs: the runner skips
   * the cell when it does not satisfy the version asked for (`versionMismatch`).
   */
  version: string;
  /** Where it came from, e.g. `bundled with compatlab` or `npm registry, cached in …`. */
  origin?: string;
  /** What runs it, when that is not compatlab's own Node, e.g. `CPython 3.11.7`, `go1.26.8`. */
  runtime?: string;
  session: ClientSession;
}

/**
 * A setting path (`tls.mode`) and the values a client can express for it (`true`: any value).
 * `resumeTlsSession` and `sql` are features listed the same way.
 */
export type SupportedSettings = Readonly<Record<string, true | readonly string[]>>;

export interface Client {
  /** The registry key, e.g. `pg`. */
  readonly name: string;
  /** What it is, for `compatlab list` and reports, e.g. `node-postgres`. */
  readonly description: string;
  /** The wire protocols it speaks, e.g. mysql2 speaks `mysql` (to MySQL and MariaDB servers alike). */
  readonly protocols: readonly Protocol[];
  /** An allow-list: a setting it does not list makes the cell `skipped`, never silently ignored. */
  readonly supports: SupportedSettings;
  /** Why a setting is missing from `supports`, when that is worth saying. */
  readonly limits?: Readonly<Record<string, string>>;
  /** A combination of settings the allow-list cannot rule out (e.g. prefer with a TLS version): why it cannot be expressed. */
  unsupported?(settings: ClientSettings): string | undefined;
  /**
   * What is wrong with a version asked for (`undefined`: none was), for a client whose versions are
   * not npm's (PyPI, Go modules); absent means an exact version, a semver range or `latest`.
   */
  versionProblem?(version: string | undefined): string | undefined;
  /** Its own options in a matrix (`clients[].options`); absent means it takes none. */
  readonly options?: z.ZodType;
  /** Gets the client ready for one cell. Throws SkipError when it cannot run here (with how to fix that). */
  open(spec: ClientSpec, env: ClientEnvironment): Promise<OpenedClient>;
}
