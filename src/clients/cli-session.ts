import type { ClientEnvironment, ClientSession, ConnectionOutcome, ConnectionRequest } from '../core/client.js';
import { ObservedFailure, mysqlCliError } from '../core/observed-error.js';
import type { ExecResult } from '../core/server.js';
import type { ClientSettings } from '../core/settings.js';
import type { CliLocation, CliRun } from './mysql-cli-location.js';
import { runStatements } from './statements.js';

/** Replaces the trivial query: as cheap, and it says whether and how the connection is encrypted. */
const statusQuery = "SHOW SESSION STATUS WHERE Variable_name IN ('Ssl_version', 'Ssl_cipher', 'Ssl_sessions_reused')";

/** How a client spells its options. */
export interface CliOptions {
  /** The client's spelling of the settings; files (the CA, the RSA key) are added where the client runs. */
  settingArgs(settings: ClientSettings): string[];
}

/** Connections through a MySQL-protocol command-line client (`mysql`, `mariadb`), one client run per statement. */
export function cliSession(location: CliLocation, options: CliOptions, env: ClientEnvironment): ClientSession {
  return { connect: (request) => connect(location, options, request, env), [Symbol.asyncDispose]: () => Promise.resolve() };
}

async function connect(
  location: CliLocation,
  options: CliOptions,
  request: ConnectionRequest,
  env: ClientEnvironment,
): Promise<ConnectionOutcome> {
  const { settings } = request;
  const program = location.program.name;
  const files: CliRun['files'] = {};
  if (settings.serverPublicKey === 'file') files['server-public-key-path'] = await env.serverPublicKey();
  if (settings.tls?.mode === 'verify-ca' || settings.tls?.mode === 'verify-full') files['ssl-ca'] = (await env.ctx.tls()).caCert;
  const args = [
    // No option file of the machine's (~/.my.cnf) may change what the client was asked; one that gets its password from a file of ours reads only that.
    ...(location.program.password === 'environment' ? ['--no-defaults'] : []),
    '--protocol=TCP',
    `--host=${location.host}`,
    `--port=${location.port}`,
    `--user=${request.user}`,
    ...(request.database ? [`--database=${request.database}`] : []),
    `--connect-timeout=${Math.max(1, Math.ceil(request.timeoutMs / 1000))}`,
    ...options.settingArgs(settings),
    '--batch',
    '--skip-column-names',
    `--execute=${statusQuery}`,
  ];
  // The options the client got (the statement aside); a file option names a temporary file, shown as (file).
  const passwordFile = location.program.password === 'option-file' ? ['--defaults-file=(file)'] : [];
  const driverConfig = { options: [...passwordFile, ...args.slice(0, -1), ...Object.keys(files).map((option) => `--${option}=(file)`)] };
  const status = await location.run({ args, password: request.password, files, timeoutMs: request.timeoutMs, signal: request.signal });
  const connected = { ...outcome(status, program), driverConfig };
  if (!connected.ok || request.sql.length === 0) return connected;
  // Each statement runs in its own client run, as the same user; the status query above proved the connection.
  const statements = await runStatements(
    request.sql,
    async (sql) => {
      const result = await location.run({
        args: [...args.slice(0, -1), `--execute=${sql}`],
        password: request.password,
        files,
        timeoutMs: request.timeoutMs,
        signal: request.signal,
      });
      if (result.exitCode !== 0) throw new ObservedFailure(mysqlCliError(result.stderr, result.exitCode, program));
      return result.stdout
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => line.split('\t'));
    },
    request.onStatement,
  );
  return { ...statements, tls: connected.tls, driverConfig };
}

/** Exit code 0 is success; otherwise the MySQL error number and SQLSTATE (`ERROR 2061 (HY000): …`) and stderr as it was. */
function outcome(result: ExecResult, program: string): ConnectionOutcome {
  if (result.exitCode !== 0) return { ok: false, error: mysqlCliError(result.stderr, result.exitCode, program) };
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
