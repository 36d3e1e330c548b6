import type { Client } from '../core/client.js';
import { InfraError } from '../core/errors.js';
import type { ClientSettings } from '../core/settings.js';
import { cliSession } from './cli-session.js';
import { cliOfBuild, cliVersion, locateCli, type CliProgram } from './mysql-cli-location.js';

/** MariaDB's own client: `mariadb  Ver 15.1 Distrib 10.11.18-MariaDB, …` (10.x), `mariadb from 11.8.9-MariaDB, client 15.2 …` (11.x). */
export const mariadbProgram: CliProgram = {
  name: 'mariadb',
  engine: 'mariadb',
  product: 'MariaDB',
  version: /^(?:\S*\/)?mariadb\s+(?:Ver|from)\s.*MariaDB/i,
  // 10.x prints its client protocol (15.1) before the release.
  release: /\b(\d+\.\d+\.\d+)-MariaDB\b/,
  password: 'option-file',
};

const tlsVersions = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
/** libmariadb's names for them in `--tls-version` (it looks for `TLSv1.0`, never a bare `TLSv1`). */
const tlsVersionNames = ['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;

/**
 * The `mariadb` command-line client (MariaDB's, on libmariadb), on this machine, from the server's
 * build or in the server's container; with a version, the one of that MariaDB build (`mariadb-cli@11.8`). It reads no option file but the one compatlab gives it with the
 * password. Absent settings mean the client's defaults, which differ by version: 11.4 and later
 * verify the server's certificate (`--ssl-verify-server-cert` is on; a self-signed one passes when it
 * matches the fingerprint the server derives from the password), 10.x does not. Errors carry the
 * error number and SQLSTATE (`ERROR 1045 (28000): …`).
 */
export const mariadbCliClient: Client = {
  name: 'mariadb-cli',
  description: "the mariadb command-line client (MariaDB's)",
  protocols: ['mysql'],
  supports: {
    'tls.mode': ['disable', 'prefer', 'verify-full'],
    'tls.minVersion': true,
    'tls.maxVersion': true,
    // libmariadb asks a caching_sha2_password server for its RSA key whenever it needs it (seen with MySQL 9.7).
    serverPublicKey: ['fetch'],
    sql: true,
  },
  limits: {
    'tls.mode=require':
      'its --ssl without --ssl-verify-server-cert falls back to plain text when the server has no TLS (seen with the 10.11, 11.4 and 11.8 clients)',
    'tls.mode=verify-ca': 'it checks the certificate chain only together with the host name (--ssl-verify-server-cert)',
    serverPublicKey: 'it always asks the server for its RSA public key when it needs it, and has no option to be given the key',
    resumeTlsSession: 'each statement is a new run of the client, which keeps no TLS session',
  },

  async open(spec, env) {
    const location =
      spec.version === undefined ? await locateCli(mariadbProgram, env.server) : await cliOfBuild(mariadbProgram, spec.version, env);
    return { version: await cliVersion(location), origin: location.where, session: cliSession(location, { settingArgs }, env) };
  },
};

/** Every mode spelled out both ways, since the default of `--ssl-verify-server-cert` changed in 11.4. */
const tlsModes: Partial<Record<NonNullable<NonNullable<ClientSettings['tls']>['mode']>, string[]>> = {
  disable: ['--skip-ssl'],
  prefer: ['--ssl', '--skip-ssl-verify-server-cert'],
  // The CA is added where the client runs.
  'verify-full': ['--ssl', '--ssl-verify-server-cert'],
};

function settingArgs(settings: ClientSettings): string[] {
  const tls = settings.tls ?? {};
  const mode = tls.mode && tlsModes[tls.mode];
  // `supports` keeps the other modes out; never run on the client's defaults in their place.
  if (tls.mode && !mode) throw new InfraError(`mariadb-cli was asked for tls.mode=${tls.mode}, which it cannot express`);
  const args = mode ? [...mode] : [];
  if (tls.minVersion || tls.maxVersion) {
    const min = tlsVersions.indexOf(tls.minVersion ?? 'TLSv1');
    const max = tlsVersions.indexOf(tls.maxVersion ?? 'TLSv1.3');
    args.push(`--tls-version=${tlsVersionNames.slice(min, max + 1).join(',')}`);
  }
  return args;
}
