import type { ClientName, ClientSettings } from '../config/schema.js';
import type { ObservedError, StepEvidence } from '../report/report.js';
import type { RunningServer } from '../runtimes/runtime.js';
import type { RunContext } from '../runner/context.js';

export interface ConnectRequest {
  server: RunningServer;
  user: string;
  password: string;
  database: string;
  settings: ClientSettings;
  /** A TLS session saved by an earlier connection, to offer for resumption. */
  resumeTlsSession?: Buffer;
  timeoutMs: number;
  ctx: RunContext;
}

/** One shape for every client, driver or command line, so the runner never cares which ran. */
export interface ConnectOutcome {
  ok: boolean;
  error?: ObservedError;
  tls?: StepEvidence['tls'];
  auth?: StepEvidence['auth'];
  /** The TLS session this connection established, for later resumption. Never reported. */
  tlsSession?: Buffer;
}

export interface Client {
  readonly driver: ClientName;
  /** The client's version, as it will run against this server; throws SkipError when the client is not available here. */
  version(ctx: RunContext, server: RunningServer): Promise<string>;
  /** Why these settings cannot be expressed with this client, or undefined. */
  unsupported(settings: ClientSettings, resumesTlsSession: boolean): string | undefined;
  /** Connects, runs a trivial query, disconnects. Never throws for a failed connection. */
  connect(request: ConnectRequest): Promise<ConnectOutcome>;
}
