import type { Client } from '../core/client.js';
import type { ClientSettings } from '../core/settings.js';
import { cliSession } from './cli-session.js';
import { cliOfBuild, cliVersion, locateCli, type CliProgram } from './mysql-cli-location.js';

const sslModes = {
  disable: 'DISABLED',
  prefer: 'PREFERRED',
  require: 'REQUIRED',
  'verify-ca': 'VERIFY_CA',
  'verify-full': 'VERIFY_IDENTITY',
} as const;

const tlsVersions = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;

/** Oracle's `mysql` client (not MariaDB's, which Debian also installs as `mysql`). */
export const mysqlProgram: CliProgram = {
  name: 'mysql',
  engine: 'mysql',
  product: 'MySQL',
  version: /^(?:\S*\/)?mysql\s+Ver\s+(?!.*MariaDB)/i,
  password: 'environment',
};

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
    const location =
      spec.version === undefined ? await locateCli(mysqlProgram, env.server) : await cliOfBuild(mysqlProgram, spec.version, env);
    return {
      version: await cliVersion(location),
      origin: location.where,
      session: cliSession(location, { settingArgs }, env),
    };
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
