import { clientScratchDir } from '../core/private-file.js';
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClientEnvironment } from '../core/client.js';
import { InfraError, SkipError } from '../core/errors.js';
import { requireBinaries } from '../core/server-binaries.js';
import type { ExecResult, RunningServer } from '../core/server.js';

/** Options that name a file; the file is made next to the client for one run. `defaults-file` goes first, as it must. */
export type FileOption = 'defaults-file' | 'server-public-key-path' | 'ssl-ca';

/** One run of a MySQL-protocol command-line client (`mysql`, `mariadb`). */
export interface CliRun {
  /** File options are added: `--defaults-file` before them, the others after. */
  args: string[];
  password: string;
  files?: Partial<Record<FileOption, string>>;
  timeoutMs: number;
  signal: AbortSignal;
}

/** A command-line client: its program name (on PATH, in a build's programs, in a container) and how its `--version` reads. */
export interface CliProgram {
  readonly name: string;
  /** The engine whose builds carry it (`CLIENT@VERSION` runs the one of that build), and its name for people. */
  readonly engine: string;
  readonly product: string;
  /** Tells the program from a namesake: MariaDB installs its client as `mysql` too. */
  readonly version: RegExp;
  /**
   * Its release in `--version` (one group), when that is not the first version printed: the recorded
   * version is then `release (--version)`, which a version asked for is compared with.
   */
  readonly release?: RegExp;
  /**
   * How the password reaches it, never on a command line: `MYSQL_PWD`, or a private option file
   * (`--defaults-file`, which also keeps every other option file out). MariaDB's 11.x client counts a
   * password from MYSQL_PWD as none and then does not verify the server's certificate by default.
   */
  readonly password: 'environment' | 'option-file';
}

/** This machine's environment without the variables MySQL's and MariaDB's clients read (`MYSQL_HOST`, `LIBMYSQL_PLUGIN_DIR` …): they must not change what the client was asked. */
function withoutClientVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).flatMap(([name, value]) => (value === undefined || /^(MYSQL|MARIADB|LIBMYSQL)_/.test(name) ? [] : [[name, value]])),
  );
}

/** What carries the password: the environment, or an option file among the run's files. */
function passwordCarrier(
  program: CliProgram,
  password: string,
  files: CliRun['files'] = {},
): { env: Record<string, string>; files: NonNullable<CliRun['files']> } {
  if (program.password === 'environment') return { env: { MYSQL_PWD: password }, files };
  if (password === '') return { env: {}, files };
  return { env: {}, files: { ...files, 'defaults-file': `[client]\npassword="${password.replace(/["\\]/g, '\\$&')}"\n` } };
}

/** Where a client runs, and how it reaches the server from there. */
export interface CliLocation {
  readonly program: CliProgram;
  readonly where: string;
  readonly host: string;
  readonly port: number;
  run(run: CliRun): Promise<ExecResult>;
}

/** `--version` of `file` (the program on PATH by default), if it is `program` (not a namesake); asked once per run, not per cell. */
function hostCliVersion(program: CliProgram, file = program.name): Promise<string | undefined> {
  const key = `${program.name} ${file}`;
  let version = hostVersions.get(key);
  if (!version) {
    version = (async () => {
      const { execa } = await import('execa');
      const result = await execa(file, ['--version'], { reject: false, timeout: 10_000 });
      const said = result.stdout.trim();
      return result.exitCode === 0 && program.version.test(said) ? said : undefined;
    })();
    hostVersions.set(key, version);
  }
  return version;
}

const hostVersions = new Map<string, Promise<string | undefined>>();

/** The client on this machine when there is one, else the one of the server's build, else the one inside the server's container. */
export async function locateCli(program: CliProgram, server: RunningServer): Promise<CliLocation> {
  if (await hostCliVersion(program)) return cliAt(server, program, program.name, 'on this machine');
  const ownClient = server.buildPrograms && path.join(server.buildPrograms, program.name);
  if (ownClient && (await hostCliVersion(program, ownClient))) return cliAt(server, program, ownClient, "from the server's build");
  if (server.exec && server.inside) return containerCli(server, program, server.exec.bind(server), server.inside);
  throw new SkipError(
    server.buildPrograms
      ? `the ${program.name} client is neither on this machine's PATH nor among the programs of the server's build (${server.origin.package ?? server.buildPrograms})`
      : `the ${program.name} client is neither on this machine's PATH nor runnable in the server's container (the ${server.origin.runtime} runtime cannot run programs there)`,
    { machineLacks: true },
  );
}

/** `mysql-cli@9.7`: the client of that build, from the sources the local runtime fetches servers from. */
export async function cliOfBuild(program: CliProgram, version: string, env: ClientEnvironment): Promise<CliLocation> {
  const { binariesOf } = await import('../engines/binary-sources.js');
  const source = binariesOf(program.engine);
  if (!source) throw new SkipError(`compatlab knows no source of ${program.engine} builds`);
  const build = await requireBinaries(source, program.engine, version, env.ctx);
  const file = path.join(build.bin, program.name);
  const built = `${program.product} ${build.version} (${build.origin})`;
  if (!existsSync(file)) throw new SkipError(`${built} has no ${program.name} client`);
  return cliAt(env.server, program, file, `from ${built}`);
}

/** `--version` of the client `locateCli` picks; a namesake (MariaDB's `mysql` in a MariaDB container) is not it. */
export async function cliVersion(location: CliLocation): Promise<string> {
  const { name } = location.program;
  const result = await location.run({ args: ['--version'], password: '', timeoutMs: 10_000, signal: AbortSignal.timeout(10_000) });
  // 127: no such program (images made from a server build without client programs).
  if (result.exitCode === 127)
    throw new SkipError(`there is no ${name} client on this machine's PATH nor ${location.where}`, { machineLacks: true });
  if (result.exitCode !== 0) throw new InfraError(`${name} --version failed ${location.where}: ${result.stderr.trim()}`);
  const version = result.stdout.trim();
  if (!location.program.version.test(version))
    throw new SkipError(`the ${name} ${location.where} is another client: ${version}`, { machineLacks: true });
  const release = location.program.release?.exec(version)?.[1];
  return release ? `${release} (${version})` : version;
}

/** `file` run on this machine, reaching the server where it listens. */
export function cliAt(server: RunningServer, program: CliProgram, file: string, where: string): CliLocation {
  return {
    program,
    where,
    host: server.host,
    port: server.port,
    async run({ args, password, files: given, timeoutMs, signal }) {
      const { env, files } = passwordCarrier(program, password, given);
      const entries = Object.entries(files);
      const dir = entries.length > 0 ? await clientScratchDir() : undefined;
      try {
        const first: string[] = [];
        const last: string[] = [];
        for (const [option, content] of entries) {
          const name = path.join(dir ?? '', option);
          await writeFile(name, content, { mode: 0o600 });
          (option === 'defaults-file' ? first : last).push(`--${option}=${name}`);
        }
        const { execa } = await import('execa');
        const result = await execa(file, [...first, ...args, ...last], {
          env: { ...withoutClientVariables(process.env), ...env },
          extendEnv: false,
          reject: false,
          timeout: timeoutMs,
          cancelSignal: signal,
          stdin: 'ignore',
        });
        if (result.timedOut) throw new InfraError(`${program.name} did not finish within ${timeoutMs / 1000} s`);
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
  'defaults-file': 'COMPATLAB_DEFAULTS_FILE',
  'server-public-key-path': 'COMPATLAB_SERVER_PUBLIC_KEY',
  'ssl-ca': 'COMPATLAB_SSL_CA',
};

/**
 * Inside the server's container. The password and file contents travel in the exec's environment,
 * which the runtime hands to the container engine, never on a command line. A small shell wrapper
 * checks that the environment arrived (`COMPATLAB_EXEC`), writes the files to a temporary directory and runs the program named by `$0`.
 */
const wrapper = [
  `[ -n "\${COMPATLAB_EXEC+set}" ] || { echo 'compatlab: the environment did not reach the container' >&2; exit ${noEnvironment}; }`,
  'dir=$(mktemp -d) || exit 1',
  `trap 'rm -rf "$dir"' EXIT`,
  ...Object.entries(fileVariables).flatMap(([option, variable]) => [
    `if [ -n "$${variable}" ]; then`,
    `  printf '%s' "$${variable}" >"$dir/${option}" || exit 1`,
    option === 'defaults-file' ? `  set -- --${option}="$dir/${option}" "$@"` : `  set -- "$@" --${option}="$dir/${option}"`,
    'fi',
    `unset ${variable}`,
  ]),
  '"$0" "$@"',
].join('\n');

type Exec = NonNullable<RunningServer['exec']>;
/** `exec`'s options with the environment, which the runtime contract is to gain. */
type ExecOptions = NonNullable<Parameters<Exec>[1]> & { env?: Record<string, string> };

function containerCli(server: RunningServer, program: CliProgram, exec: Exec, inside: { host: string; port: number }): CliLocation {
  return {
    program,
    where: 'in the server container',
    host: inside.host,
    port: inside.port,
    async run({ args, password, files: given, timeoutMs, signal }) {
      const carrier = passwordCarrier(program, password, given);
      const env: Record<string, string> = { COMPATLAB_EXEC: '1', ...carrier.env };
      const { files } = carrier;
      for (const [option, content] of Object.entries(files)) env[fileVariables[option as FileOption]] = content;
      const options: ExecOptions = { signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]), env };
      const result = await exec(['sh', '-c', wrapper, program.name, ...args], options);
      if (result.exitCode === noEnvironment) {
        throw new InfraError(
          `the ${server.origin.runtime} runtime ran the ${program.name} client without the environment it was given (so without its password)`,
        );
      }
      return result;
    },
  };
}
