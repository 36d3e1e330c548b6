import type { TlsMaterial } from './tls-material.js';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  /** Transient progress (downloads, waiting); may be overwritten on a terminal. */
  progress(message: string): void;
}

/** Everything a runtime, engine or client may need; passed down instead of module singletons. */
export interface RunContext {
  logger: Logger;
  /** Where downloaded server binaries are kept between runs. */
  cacheDir: string;
  /** Aborted on Ctrl-C / SIGTERM; long waits must honour it. */
  signal: AbortSignal;
  /** Certificates for servers that need TLS; made once per run on first use. */
  tls(): Promise<TlsMaterial>;
  /** Every secret used in the run, so reports and logs can be scrubbed of them. */
  secrets: Set<string>;
}

export const silentLogger: Logger = { info() {}, warn() {}, progress() {} };
