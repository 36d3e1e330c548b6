import { z } from 'zod';
import type { Client, OpenedClient, SupportedSettings } from '../../core/client.js';
import type { Protocol } from '../../core/engine.js';
import { packageFile } from '../../core/package-file.js';
import { ProgramSession } from '../process/program-session.js';
import { pythonVenv } from './venv.js';

/** The probe every Python driver runs in: one process per cell (`clients/python/probe.py`). */
const probe = packageFile('clients/python/probe.py');

const options = z.strictObject({
  /** Driver-native connection options, passed as written: libpq keywords (psycopg, psycopg2) or connect() arguments. */
  native: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  /** The pip extras installed with the driver; default: what its documentation tells users to install (e.g. `[binary]`). */
  extras: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a pip extra name, e.g. rsa')).optional(),
  /** The Python that makes the virtual environment: a command on PATH or a path; default `python3`. */
  python: z.string().min(1).optional(),
});

interface PythonDriver {
  name: string;
  description: string;
  protocol: Protocol;
  /** The distribution on PyPI and the extras a user installs with it. */
  dist: string;
  extras: string[];
  supports: SupportedSettings;
  limits?: Record<string, string>;
}

const libpqTls = {
  'tls.mode': ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'],
  'tls.minVersion': true,
  'tls.maxVersion': true,
  sql: true,
} as const;
const libpqLimits = { resumeTlsSession: 'libpq does not resume TLS sessions: every connection starts a new one' };

/** One row per driver; the probe has the same names. */
const drivers: PythonDriver[] = [
  {
    name: 'psycopg',
    description: 'psycopg 3 (Python, libpq), installed from PyPI as psycopg[binary]',
    protocol: 'postgres',
    dist: 'psycopg',
    extras: ['binary'],
    supports: libpqTls,
    limits: libpqLimits,
  },
  {
    name: 'psycopg2',
    description: 'psycopg2 (Python, libpq), installed from PyPI as psycopg2-binary',
    protocol: 'postgres',
    dist: 'psycopg2-binary',
    extras: [],
    supports: libpqTls,
    limits: libpqLimits,
  },
  {
    name: 'pymysql',
    description: 'PyMySQL (pure Python), installed from PyPI as PyMySQL[rsa] (cryptography, for caching_sha2_password RSA)',
    protocol: 'mysql',
    dist: 'PyMySQL',
    extras: ['rsa'],
    supports: {
      'tls.mode': ['disable', 'prefer'],
      'tls.minVersion': true,
      'tls.maxVersion': true,
      serverPublicKey: ['fetch', 'file'],
      sql: true,
    },
    limits: {
      'tls.mode': 'PyMySQL uses TLS only when the server offers it and goes on in plain text otherwise, so it can only prefer TLS',
      'serverPublicKey=none': 'PyMySQL always asks the server for its RSA key when it has none',
      resumeTlsSession: 'PyMySQL wraps its socket itself and cannot be handed a TLS session',
    },
  },
  {
    name: 'mysql-connector-python',
    description: 'MySQL Connector/Python, installed from PyPI',
    protocol: 'mysql',
    dist: 'mysql-connector-python',
    extras: [],
    supports: {
      'tls.mode': ['disable', 'prefer', 'verify-ca', 'verify-full'],
      'tls.minVersion': ['TLSv1.2', 'TLSv1.3'],
      'tls.maxVersion': ['TLSv1.2', 'TLSv1.3'],
      sql: true,
    },
    limits: {
      'tls.mode=require': 'Connector/Python requires TLS only with a CA to verify against (verify-ca)',
      serverPublicKey: 'this probe has no mapping of serverPublicKey for Connector/Python; use options.native',
      resumeTlsSession: 'Connector/Python cannot be handed a TLS session',
    },
  },
];

/** An exact PEP 440 release: what pip installs with `==`, and what the cache is keyed by. */
const exactVersion = /^\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?$/;

function pythonClient(driver: PythonDriver): Client {
  return {
    name: driver.name,
    description: driver.description,
    protocols: [driver.protocol],
    supports: driver.supports,
    limits: driver.limits,
    options,
    versionProblem: (version) =>
      version === undefined
        ? `${driver.name} needs a version from PyPI, e.g. ${driver.name}@${driver.name === 'psycopg' ? '3.2.3' : '1.1.1'}`
        : exactVersion.test(version)
          ? undefined
          : `version "${version}" must be an exact PyPI release, e.g. 3.2.3 (ranges and latest are not resolved for Python drivers)`,

    async open(spec, env): Promise<OpenedClient> {
      const opts = options.parse(spec.options ?? {});
      const venv = await pythonVenv(
        { dist: driver.dist, version: spec.version!, extras: opts.extras ?? driver.extras, python: opts.python ?? 'python3' },
        env.ctx,
      );
      const command = [venv.python, '-I', probe, driver.name];
      const session = await ProgramSession.start({ command, spare: true }, env, () => ({ native: opts.native ?? {} }));
      return {
        version: venv.record.version,
        runtime: venv.record.runtime,
        origin: `PyPI ${venv.record.requirement}: ${venv.record.files.map((f) => f.name).join(', ')} (sha256 checked by pip); venv ${venv.dir}`,
        session,
      };
    },
  };
}

/** Python drivers, each in a virtual environment per driver version, run by compatlab's probe. */
export const pythonClients: Client[] = drivers.map(pythonClient);
