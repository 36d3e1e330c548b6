import { z } from 'zod';
import type { Client, OpenedClient, SupportedSettings } from '../../core/client.js';
import type { Protocol } from '../../core/engine.js';
import { ProgramSession } from '../process/program-session.js';
import { goProbe, type ProbeBuild } from './build.js';

const options = z.strictObject({
  /** Driver-native options, passed as written: DSN keys (pgx, lib/pq) or DSN parameters (go-sql-driver/mysql). */
  native: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

interface GoDriver {
  name: string;
  description: string;
  protocol: Protocol;
  example: string;
  /** The module to require for a version (`v5.7.1`), or why that version cannot be had. */
  build(version: string): ProbeBuild | string;
  supports: SupportedSettings;
  limits?: Record<string, string>;
}

const allModes = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'];

/** One row per driver; each has its file in `clients/go/`, chosen by build tag. */
const drivers: GoDriver[] = [
  {
    name: 'pgx',
    description: 'pgx (Go, github.com/jackc/pgx/v5 or /v4), from the Go module proxy',
    protocol: 'postgres',
    example: 'pgx@5.7.1',
    build: (version) => {
      const major = /^v(\d+)\./.exec(version)?.[1];
      if (major === '5') return { module: 'github.com/jackc/pgx/v5', version, tag: 'pgx' };
      if (major === '4') {
        const imports = {
          'github.com/jackc/pgx/v5/pgconn': 'github.com/jackc/pgconn',
          'github.com/jackc/pgx/v5': 'github.com/jackc/pgx/v4',
        };
        return { module: 'github.com/jackc/pgx/v4', version, tag: 'pgx', imports };
      }
      return `pgx versions are 4.x (github.com/jackc/pgx/v4) or 5.x (github.com/jackc/pgx/v5), not ${version}`;
    },
    // Go's tls.Config: any version, and a session cache shared with the connection to resume.
    supports: { 'tls.mode': allModes, 'tls.minVersion': true, 'tls.maxVersion': true, resumeTlsSession: true, sql: true },
  },
  {
    name: 'pq',
    description: 'lib/pq (Go, github.com/lib/pq), from the Go module proxy',
    protocol: 'postgres',
    example: 'pq@1.10.9',
    build: (version) => ({ module: 'github.com/lib/pq', version, tag: 'pq' }),
    supports: { 'tls.mode': ['disable', 'require', 'verify-ca', 'verify-full'], sql: true },
    limits: {
      'tls.mode': 'this probe gives lib/pq only the sslmodes every version of it knows; others through options.native: { sslmode: … }',
      'tls.minVersion': 'lib/pq has no option for TLS versions',
      'tls.maxVersion': 'lib/pq has no option for TLS versions',
      resumeTlsSession: 'lib/pq makes its own tls.Config without a session cache, so it never offers a TLS session',
    },
  },
  {
    name: 'go-sql-driver',
    description: 'go-sql-driver/mysql (Go, github.com/go-sql-driver/mysql), from the Go module proxy',
    protocol: 'mysql',
    example: 'go-sql-driver@1.8.1',
    build: (version) => ({ module: 'github.com/go-sql-driver/mysql', version, tag: 'mysql' }),
    supports: {
      'tls.mode': allModes, // prefer: allowFallbackToPlaintext (1.7 and later)
      'tls.minVersion': true,
      'tls.maxVersion': true,
      serverPublicKey: ['fetch', 'file'],
      resumeTlsSession: true,
      sql: true,
    },
    limits: { 'serverPublicKey=none': 'go-sql-driver/mysql always asks the server for its RSA key when it has none' },
  },
];

/** A module version, with or without its `v`: `5.7.1`, `v1.10.9`, `v0.0.0-20240101000000-abcdef123456`. */
const moduleVersion = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+incompatible)?$/;
const withV = (version: string) => (version.startsWith('v') ? version : `v${version}`);

function goClient(driver: GoDriver): Client {
  const problem = (version: string | undefined) => {
    if (version === undefined) return `${driver.name} needs a module version, e.g. ${driver.example}`;
    if (!moduleVersion.test(version))
      return `version "${version}" must be an exact Go module version, e.g. ${driver.example.split('@')[1]}`;
    const build = driver.build(withV(version));
    return typeof build === 'string' ? build : undefined;
  };
  return {
    name: driver.name,
    description: driver.description,
    protocols: [driver.protocol],
    supports: driver.supports,
    limits: driver.limits,
    options,
    versionProblem: problem,

    async open(spec, env): Promise<OpenedClient> {
      const opts = options.parse(spec.options ?? {});
      const build = driver.build(withV(spec.version!)) as ProbeBuild;
      const { binary, record } = await goProbe(build, env.ctx);
      const session = await ProgramSession.start({ command: [binary], spare: true }, env, () => ({ native: opts.native ?? {} }));
      return {
        version: record.version.replace(/^v/, ''),
        runtime: record.go,
        origin: `Go module proxy: ${record.module} ${record.version}${record.sum ? ` (${record.sum.split(' ').at(-1)}, checked against sum.golang.org)` : ''}; probe built in ${binary}`,
        session,
      };
    },
  };
}

/** Go drivers, each built once per version into compatlab's Go probe (`clients/go/`). */
export const goClients: Client[] = drivers.map(goClient);
