import type { Client, ClientEnvironment, ConnectionOutcome, ConnectionRequest } from '../core/client.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SkipError } from '../core/errors.js';
import { requireBinaries } from '../core/server-binaries.js';
import { ObservedFailure, mysqlCliError } from '../core/observed-error.js';
import type { ExecResult } from '../core/server.js';
import type { ClientSettings } from '../core/settings.js';
import { cliAt, cliVersion, locateCli, type CliLocation, type CliRun } from './mysql-cli-location.js';
import { runStatements } from './statements.js';

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
 * The `mysql` command-line client (Oracle's, not MariaDB's): on this machine, of the server's build or in
 * its container; with a version, the one of that MySQL build. Absent settings mean the client's defaults: `--ssl-mode=PREFERRED`, and no RSA key
 * (neither `--get-server-public-key` nor `--server-public-key-path`). Errors carry the MySQL error
 * number (`2061`) and the client's exact words. How the account authenticated cannot be seen from
 * outside the client, so there is no `auth` evidence.
 */
export const mysqlCliClient: Client = {
  name: 'mysql-cli',
  description: "the mysql command-line client (Oracle's)",
  protocols: ['mysql'],
  supports: { 'tls.mode': true, 'tls.minVersion': true, 'tls.maxVersion': true, serverPublicKey: true, sql: true },
  limits: { resumeTlsSession: 'the mysql client resumes TLS sessions only from --ssl-session-data files, which compatlab does not write' },

  async open(spec, env) {
    const location = spec.version === undefined ? await locateCli(env.server) : await cliOfBuild(spec.version, env);
    return {
      version: await cliVersion(location),
      origin: location.where,
      session: { connect: (request) => connect(location, request, env), [Symbol.asyncDispose]: () => Promise.resolve() },
    };
  },
};

/** `mysql-cli@9.7`: the mysql client of that MySQL build, from the sources the local runtime fetches servers from. */
async function cliOfBuild(version: string, env: ClientEnvironment): Promise<CliLocation> {
  const { binariesOf } = await import('../engines/binary-sources.js');
  const source = binariesOf('mysql');
  if (!source) throw new SkipError('compatlab knows no source of MySQL builds');
  const build = await requireBinaries(source, 'mysql', version, env.ctx);
  const program = path.join(build.bin, 'mysql');
  if (!existsSync(program)) throw new SkipError(`MySQL ${build.version} (${build.origin}) has no mysql client`);
  return cliAt(env.server, program, `from MySQL ${build.version} (${build.origin})`);
}

async function connect(location: CliLocation, request: ConnectionRequest, env: ClientEnvironment): Promise<ConnectionOutcome> {
  const { settings } = request;
  const files: CliRun['files'] = {};
  if (settings.serverPublicKey === 'file') files['server-public-key-path'] = await env.serverPublicKey();
  if (settings.tls?.mode === 'verify-ca' || settings.tls?.mode === 'verify-full') files['ssl-ca'] = (await env.ctx.tls()).caCert;
  const args = [
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
  const status = await location.run({ args, password: request.password, files, timeoutMs: request.timeoutMs, signal: request.signal });
  const connected = outcome(status);
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
      if (result.exitCode !== 0) throw new ObservedFailure(mysqlCliError(result.stderr, result.exitCode));
      return result.stdout
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => line.split('\t'));
    },
    request.onStatement,
  );
  return { ...statements, tls: connected.tls };
}

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

/** Exit code 0 is success; otherwise the MySQL error number and SQLSTATE (`ERROR 2061 (HY000): …`) and stderr as it was. */
function outcome(result: ExecResult): ConnectionOutcome {
  if (result.exitCode !== 0) return { ok: false, error: mysqlCliError(result.stderr, result.exitCode) };
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
