import type { ClientSettings } from '../config/schema.js';
import { readServerPublicKey } from '../engines/mysql.js';
import type { ExecResult, RunningServer } from '../runtimes/runtime.js';
import type { RunContext } from '../runner/context.js';
import type { Client, ConnectOutcome, ConnectRequest } from './client.js';
import { cliVersion, hostCliVersion, locateCli, type CliRun } from './mysql-cli-location.js';

const sslModes = {
  disable: 'DISABLED',
  prefer: 'PREFERRED',
  require: 'REQUIRED',
  'verify-ca': 'VERIFY_CA',
  'verify-full': 'VERIFY_IDENTITY',
} as const;

const tlsVersions = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;

/** Replaces the trivial query: as cheap, and it says whether and how the connection is encrypted. */
const statusQuery = "SHOW SESSION STATUS WHERE Variable_name IN ('Ssl_version', 'Ssl_cipher', 'Ssl_sessions_reused')";

/**
 * The `mysql` command-line client (Oracle's, not MariaDB's), on this machine or in the server's
 * container. Absent settings mean the client's defaults: `--ssl-mode=PREFERRED`, and no RSA key
 * (neither `--get-server-public-key` nor `--server-public-key-path`). Errors carry the MySQL error
 * number (`2061`) and the client's exact words. How the account authenticated cannot be seen from
 * outside the client, so there is no `auth` evidence.
 */
export const mysqlCliClient: Client = {
  driver: 'mysql-cli',

  /**
   * `mysql --version` of the client that will run against `server`: on this machine, or else in the
   * server's container. Without a server, only a client on this machine can be asked.
   */
  async version(_ctx: RunContext, server?: RunningServer): Promise<string> {
    if (server) return cliVersion(server);
    const version = await hostCliVersion();
    return version ? `${version} (on this machine)` : 'the mysql client in the server container';
  },

  unsupported(_settings: ClientSettings, resumesTlsSession: boolean): string | undefined {
    if (resumesTlsSession)
      return 'the mysql client resumes TLS sessions only from --ssl-session-data files, which compatlab does not write';
    return undefined;
  },

  async connect(request: ConnectRequest): Promise<ConnectOutcome> {
    const { server, settings } = request;
    const location = await locateCli(server);
    const files: CliRun['files'] = {};
    if (settings.serverPublicKey === 'file') files['server-public-key-path'] = await readServerPublicKey(server);
    if (settings.tls?.mode === 'verify-ca' || settings.tls?.mode === 'verify-full') files['ssl-ca'] = (await request.ctx.tls()).caCert;
    const args = [
      '--no-defaults', // no option files: a ~/.my.cnf must not change what is tested
      '--protocol=TCP',
      `--host=${location.host}`,
      `--port=${location.port}`,
      `--user=${request.user}`,
      ...(request.database ? [`--database=${request.database}`] : []),
      `--connect-timeout=${Math.max(1, Math.ceil(request.timeoutMs / 1000))}`,
      ...settingArgs(settings),
      '--batch',
      '--skip-column-names',
      `--execute=${statusQuery}`,
    ];
    const result = await location.run({
      args,
      password: request.password,
      files,
      timeoutMs: request.timeoutMs,
      signal: request.ctx.signal,
    });
    return outcome(result);
  },
};

function settingArgs(settings: ClientSettings): string[] {
  const args: string[] = [];
  const tls = settings.tls ?? {};
  if (tls.mode) args.push(`--ssl-mode=${sslModes[tls.mode]}`);
  if (tls.minVersion || tls.maxVersion) {
    const min = tlsVersions.indexOf(tls.minVersion ?? 'TLSv1');
    const max = tlsVersions.indexOf(tls.maxVersion ?? 'TLSv1.3');
    args.push(`--tls-version=${tlsVersions.slice(min, max + 1).join(',')}`);
  }
  if (settings.serverPublicKey === 'fetch') args.push('--get-server-public-key');
  // `file` (and the CA for verify modes) are added where the client runs; `none` is the client's default.
  return args;
}

/** Exit code 0 is success; otherwise the MySQL error number (`ERROR 2061 (HY000): …`) and stderr as it was. */
function outcome(result: ExecResult): ConnectOutcome {
  if (result.exitCode !== 0) {
    const message = result.stderr.trim() || `mysql exited with status ${result.exitCode}`;
    return { ok: false, error: { code: /^ERROR (\d+)/m.exec(message)?.[1] ?? `exit ${result.exitCode}`, message } };
  }
  const status = new Map(
    result.stdout
      .split('\n')
      .map((line) => line.split('\t'))
      .filter((cols): cols is [string, string] => cols.length === 2),
  );
  const protocol = status.get('Ssl_version');
  return {
    ok: true,
    tls: protocol
      ? { protocol, cipher: status.get('Ssl_cipher') || undefined, sessionReused: status.get('Ssl_sessions_reused') === '1' }
      : undefined,
  };
}
