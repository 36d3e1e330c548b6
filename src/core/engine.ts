import type { EngineName, ServerSpec } from './specs.js';
import type { RunningServer } from './server.js';
import type { EffectiveSetting } from './report.js';
import type { BinarySource, ServerBinaries } from './server-binaries.js';

/** The wire protocol a server speaks and a client speaks: clients are matched to servers by it. */
export type Protocol = 'postgres' | 'mysql';

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
  readonly protocol: Protocol;
  /**
   * The engine-specific step kinds it takes besides those every engine takes (connect, sql, restart,
   * create-user, set-password), e.g. `reload`, `flush-privileges`.
   */
  readonly actions: readonly string[];
  /** Why `create-user` cannot ask for this plugin (MySQL) or password hashing (PostgreSQL), else undefined; checked at `validate`. */
  userPluginProblem?(plugin: string): string | undefined;
  /** Why `server` or a `reload` step cannot state this change (e.g. pg_hba lines), else undefined; checked at `validate`. */
  changeProblem?(change: ConfigChange): string | undefined;
  /** Where its binaries come from for runtimes that run it without Docker, tried in order. */
  readonly binarySources: readonly BinarySource[];
  /** How it runs as a local process; absent: it needs a container. */
  readonly local?: LocalConventions;
  /**
   * What its official image sets by default for this version, which compatlab keeps unless a scenario
   * says otherwise (e.g. PostgreSQL 13 hashes passwords with md5, 14 with scram-sha-256).
   */
  defaults(version: string): ServerDefaults;
  /** Applies, through the admin, what the spec states beyond settings (PostgreSQL: `server.hba`); every runtime calls it once the server is up. */
  configure?(server: RunningServer): Promise<void>;
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
  /** Reloads the configuration; with `change.hba`, first replaces the pg_hba lines. */
  reload(change?: ConfigChange): Promise<void>;
}

/** What a scenario's `server` states, or a `reload` step changes, beyond settings. */
export interface ConfigChange {
  /** PostgreSQL: the pg_hba lines, in order, replacing those in force. */
  hba?: string[];
}

/** An official image's defaults for one version, as documented and reported. */
export interface ServerDefaults {
  /** The values the server has when nothing sets them (its built-in defaults for this version): documented, never passed. */
  settings: Record<string, string | number | boolean>;
  /** PostgreSQL: the pg_hba lines in force unless a scenario states `server.hba`. */
  hba?: string[];
}

/** The OS user a local server runs as (compatlab's own when absent). */
export interface ProcessOwner {
  uid: number;
  gid: number;
}

/** Where a local server's files go, chosen by the runtime. */
export interface LocalServerPaths {
  /** The run's directory, removed with the server. */
  root: string;
  dataDir: string;
  /** A directory the server owns for files it reads and writes on request (MySQL's secure_file_priv). */
  filesDir: string;
  port: number;
  tls?: ServerTlsFiles;
}

/** How an engine's server runs as a process on this host, from its binaries. */
export interface LocalConventions {
  /** The superuser and database an initialised data directory has. */
  admin: { user: string; database: string };
  /**
   * Initialises an empty data directory `dataDir` (owned by `owner`), kept as a template that every
   * server copies. The admin may log in without a password over the socket only; no password is set here.
   */
  initialise(binaries: ServerBinaries, dataDir: string, owner: ProcessOwner | undefined, signal: AbortSignal): Promise<void>;
  /** The program and arguments that run the server on loopback only, last so no setting overrides them. */
  command(binaries: ServerBinaries, spec: ServerSpec, paths: LocalServerPaths): { program: string; args: string[] };
  /** The log line that says the server accepts connections. */
  ready: RegExp;
  /** The signal that asks for a clean, prompt shutdown. */
  stopSignal: NodeJS.Signals;
  /** Sets the admin's password once the server is up, logged in over the socket in `paths.root`. */
  setAdminPassword(binaries: ServerBinaries, paths: LocalServerPaths, password: string): Promise<void>;
  /** The file in the data directory holding the server's pid, and a word its command line has (for `compatlab clean`). */
  pidFile: string;
  processName: string;
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
