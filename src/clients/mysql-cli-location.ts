import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InfraError, SkipError } from '../core/errors.js';
import type { ExecResult, RunningServer } from '../core/server.js';

/** Options that name a file; the file is made next to the client for one run. */
export type FileOption = 'server-public-key-path' | 'ssl-ca';

/** One run of the `mysql` command-line client. */
export interface CliRun {
  /** Starts with `--no-defaults` when given, which must come first; file options are appended. */
  args: string[];
  password: string;
  files?: Partial<Record<FileOption, string>>;
  timeoutMs: number;
  signal: AbortSignal;
}

/** Where the `mysql` client runs, and how it reaches the server from there. */
export interface CliLocation {
  readonly where: string;
  readonly host: string;
  readonly port: number;
  run(run: CliRun): Promise<ExecResult>;
}

/** MariaDB installs its own client as `mysql`: a different program, with different options and errors. */
const mysqlClientVersion = /^(?:\S*\/)?mysql\s+Ver\s+(?!.*MariaDB)/i;

/** `mysql --version` of `program` (on PATH by default), if it is the MySQL client (not MariaDB's). */
export async function hostCliVersion(program = 'mysql'): Promise<string | undefined> {
  const { execa } = await import('execa');
  const result = await execa(program, ['--version'], { reject: false, timeout: 10_000 });
  const version = result.stdout.trim();
  return result.exitCode === 0 && mysqlClientVersion.test(version) ? version : undefined;
}

/** The client on this machine when there is one, else the one of the server's build, else the one inside the server's container. */
export async function locateCli(server: RunningServer): Promise<CliLocation> {
  if (await hostCliVersion()) return cliAt(server, 'mysql', 'on this machine');
  const ownClient = server.buildPrograms && path.join(server.buildPrograms, 'mysql');
  if (ownClient && (await hostCliVersion(ownClient))) return cliAt(server, ownClient, "from the server's build");
  if (server.exec && server.inside) return containerCli(server, server.exec.bind(server), server.inside);
  throw new SkipError(
    server.buildPrograms
      ? `the mysql client is neither on this machine's PATH nor among the programs of the server's build (${server.origin.package ?? server.buildPrograms})`
      : `the mysql client is neither on this machine's PATH nor runnable in the server's container (the ${server.origin.runtime} runtime cannot run programs there)`,
    { machineLacks: true },
  );
}

/** `mysql --version` of the client `locateCli` picks. */
export async function cliVersion(location: CliLocation): Promise<string> {
  const result = await location.run({ args: ['--version'], password: '', timeoutMs: 10_000, signal: AbortSignal.timeout(10_000) });
  // 127: no such program (images made from a server build without client programs).
  if (result.exitCode === 127)
    throw new SkipError(`there is no mysql client on this machine's PATH nor ${location.where}`, { machineLacks: true });
  if (result.exitCode !== 0) throw new InfraError(`mysql --version failed ${location.where}: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

/** `program` run on this machine, reaching the server where it listens. */
export function cliAt(server: RunningServer, program: string, where: string): CliLocation {
  return {
    where,
    host: server.host,
    port: server.port,
    async run({ args, password, files = {}, timeoutMs, signal }) {
      const entries = Object.entries(files);
      const dir = entries.length > 0 ? await mkdtemp(path.join(os.tmpdir(), 'compatlab-mysql-')) : undefined;
      try {
        const fileArgs: string[] = [];
        for (const [option, content] of entries) {
          const file = path.join(dir ?? '', `${option}.pem`);
          await writeFile(file, content, { mode: 0o600 });
          fileArgs.push(`--${option}=${file}`);
        }
        // The password travels in the environment, never on a command line.
        const { execa } = await import('execa');
        const result = await execa(program, [...args, ...fileArgs], {
          env: { MYSQL_PWD: password },
          reject: false,
          timeout: timeoutMs,
          cancelSignal: signal,
          stdin: 'ignore',
        });
        if (result.timedOut) throw new InfraError(`mysql did not finish within ${timeoutMs / 1000} s`);
        return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
      } finally {
        if (dir) await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Exit status of the wrapper when the runtime dropped the environment (and with it the password). */
const noEnvironment = 125;

/** The environment variable that carries each file's content into the container. */
const fileVariables: Record<FileOption, string> = {
  'server-public-key-path': 'COMPATLAB_SERVER_PUBLIC_KEY',
  'ssl-ca': 'COMPATLAB_SSL_CA',
};

/**
 * Inside the server's container. The password and file contents travel in the exec's environment,
 * which the runtime hands to the container engine, never on a command line. A small shell wrapper
 * checks that the environment arrived and writes the files to a temporary directory.
 */
const wrapper = [
  `[ -n "\${MYSQL_PWD+set}" ] || { echo 'compatlab: the environment did not reach the container' >&2; exit ${noEnvironment}; }`,
  'dir=$(mktemp -d) || exit 1',
  `trap 'rm -rf "$dir"' EXIT`,
  ...Object.entries(fileVariables).flatMap(([option, variable]) => [
    `if [ -n "$${variable}" ]; then`,
    `  printf '%s' "$${variable}" >"$dir/${option}.pem" || exit 1`,
    `  set -- "$@" --${option}="$dir/${option}.pem"`,
    'fi',
    `unset ${variable}`,
  ]),
  'mysql "$@"',
].join('\n');

type Exec = NonNullable<RunningServer['exec']>;
/** `exec`'s options with the environment, which the runtime contract is to gain. */
type ExecOptions = NonNullable<Parameters<Exec>[1]> & { env?: Record<string, string> };

function containerCli(server: RunningServer, exec: Exec, inside: { host: string; port: number }): CliLocation {
  return {
    where: 'in the server container',
    host: inside.host,
    port: inside.port,
    async run({ args, password, files = {}, timeoutMs, signal }) {
      const env: Record<string, string> = { MYSQL_PWD: password };
      for (const [option, content] of Object.entries(files)) env[fileVariables[option as FileOption]] = content;
      const options: ExecOptions = { signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]), env };
      const result = await exec(['sh', '-c', wrapper, 'mysql', ...args], options);
      if (result.exitCode === noEnvironment) {
        throw new InfraError(
          `the ${server.origin.runtime} runtime ran the mysql client without the environment it was given (so without its password)`,
        );
      }
      return result;
    },
  };
}
