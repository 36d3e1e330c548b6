import type { EngineName } from './specs.js';
import type { ServerSpec } from './specs.js';
import type { RunningServer } from './server.js';
import type { EffectiveSetting } from './report.js';

/** Where a runtime put the TLS files, as the server process sees them. */
export interface ServerTlsFiles {
  cert: string;
  key: string;
  /** CA for client certificates; set when the scenario asks for a client CA. */
  clientCa?: string;
}

/** What differs between database servers, independent of how they are run. */
export interface Engine {
  readonly name: EngineName;
  /** The port the server listens on inside a container. */
  readonly port: number;
  /** Server options for the spec's settings and TLS files, as command-line arguments. */
  serverArgs(spec: ServerSpec, tls: ServerTlsFiles | undefined): string[];
  /** How the official image (and the lab image that mimics it) is run. */
  readonly container: ContainerConventions;
  /** The server's RSA public key (PEM), for clients given the key instead of fetching it; engines without one leave it out. */
  serverPublicKey?(server: RunningServer): Promise<string>;
  /**
   * Why a server setting may not be given, else undefined: it would make the server listen beyond loopback,
   * or compatlab sets it itself (the TLS files of `server.tls`). `tls` is the scenario's; absent for a matrix's
   * server settings, which may serve any scenario.
   */
  reservedSetting(name: string, tls?: ServerSpec['tls']): string | undefined;
  /**
   * Opens an admin session as the runtime's superuser; `password` replaces `server.admin.password`
   * (a warm container still has the password its data was made with, until it is re-set).
   */
  admin(server: RunningServer, password?: string): Promise<AdminSession>;
}

export interface AdminSession extends AsyncDisposable {
  /** The server's own version string. */
  versionString(): Promise<string>;
  /**
   * What the running server reports for every setting `spec` sets and every one compatlab sets or relies on
   * (TLS files, password hashing, authentication rules), and who set each.
   */
  effectiveSettings(spec: ServerSpec): Promise<EffectiveSetting[]>;
  sql(text: string): Promise<void>;
  createUser(name: string, password: string, plugin?: string): Promise<void>;
  setPassword(name: string, password: string): Promise<void>;
  dropUser(name: string): Promise<void>;
  flushPrivileges(): Promise<void>;
  reload(): Promise<void>;
}

export interface ContainerConventions {
  /** Image repository on Docker Hub: `postgres`, `mysql`. */
  repository: string;
  /** The superuser the image creates, and the environment that sets its password. */
  adminUser: string;
  adminDatabase: string;
  env(adminPassword: string): Record<string, string>;
  /** The container command for these server arguments, e.g. `['postgres', ...args]`. */
  command(serverArgs: string[]): string[];
  /** The log line that says the final server is up, and how many times it appears (init servers log it too). */
  ready: { line: RegExp; times: number };
  /** The OS user the server runs as, who must own its TLS key. */
  serverUser: string;
  /** How containers start from data initialised once; absent: every container initialises its own. */
  warm?: WarmConventions;
}

export interface WarmConventions {
  /**
   * Where the data lives, given through the image's own options (environment, server arguments):
   * outside any VOLUME the image declares, so that `docker commit` keeps it.
   */
  env: Record<string, string>;
  args: string[];
  /** The log line of a start that found initialised data (the image skipped its init). */
  foundData: RegExp;
  /** Sets the run's admin password (`server.admin.password`) on every admin account, logged in with the old one. */
  resetAdminPassword(server: RunningServer, oldPassword: string): Promise<void>;
}

/** Why a TLS setting compatlab sets for `server.tls` may not be given; `tls` absent: a matrix's server, for any scenario. */
export function ownTlsSettingReason(setting: string, tls: ServerSpec['tls'] | undefined): string {
  return tls
    ? `compatlab sets ${setting} for \`server.tls\` (its own CA and certificate); to use your own files, set \`server.tls: false\` and the TLS settings yourself`
    : `compatlab sets ${setting} in every scenario with \`server.tls\`; set it in a scenario with \`server.tls: false\``;
}
