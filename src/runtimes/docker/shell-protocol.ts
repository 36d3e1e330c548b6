import type { ExecResult } from '../../core/server.js';

/**
 * The protocol of a long-lived `sh` in a container that runs one command per request, so that a
 * command costs a few forks instead of a `docker exec`. Only POSIX sh, `base64` and `mktemp` (in
 * coreutils and busybox) are used; without them the shell says `!missing` and exits.
 *
 * Request: one line, the base64 of a small shell script (`export NAME='value'` per variable, then
 * `exec 'argv0' 'argv1' …`). Secrets travel in it over stdin, never on a command line: `printf`,
 * `export` and `eval` are shell builtins.
 * Response: stdout in base64 lines, a `.` line, stderr in base64 lines, then `!<exit code>`. `.` and
 * `!` are not in the base64 alphabet. The command's stdin is /dev/null, as with a plain exec.
 */
export const shellScript = [
  "command -v base64 >/dev/null 2>&1 && command -v mktemp >/dev/null 2>&1 || { echo '!missing'; exit 0; }",
  'dir=$(mktemp -d) || exit 1',
  `trap 'rm -rf "$dir"' EXIT`,
  "trap 'exit 1' HUP PIPE TERM",
  "echo '!ready'",
  'while IFS= read -r line; do',
  `  request=$(printf '%s\\n' "$line" | base64 -d) || exit 1`,
  // The subshell drops the traps, so a command that cannot start does not remove the directory.
  `  (trap - EXIT HUP PIPE TERM; eval "$request") </dev/null >"$dir/out" 2>"$dir/err"`,
  '  status=$? request=',
  `  base64 "$dir/out"; echo .; base64 "$dir/err"; echo "!$status"`,
  'done',
].join('\n');

const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** One argument for `sh`, exactly as given: inside single quotes only `'` needs care. */
export function shellQuote(value: string): string {
  if (value.includes('\0')) throw new Error('a command line cannot hold a NUL character');
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** The request line (with its newline) that runs `argv` with `env` added to the container's environment. */
export function requestLine(argv: string[], env: Record<string, string> = {}): string {
  const [program] = argv;
  if (program === undefined || program === '') throw new Error('exec needs a program to run');
  // `exec -x` would be read as an option of `exec`; no program is named like that.
  if (program.startsWith('-')) throw new Error(`exec cannot run a program named ${JSON.stringify(program)}`);
  const exports = Object.entries(env).map(([name, value]) => {
    if (!variableName.test(name)) throw new Error(`exec: ${JSON.stringify(name)} is not a valid environment variable name`);
    return `export ${name}=${shellQuote(value)}`;
  });
  const script = [...exports, `exec ${argv.map(shellQuote).join(' ')}`].join('\n');
  return `${Buffer.from(script, 'utf8').toString('base64')}\n`;
}

export type ShellEvent = { kind: 'ready' } | { kind: 'missing' } | { kind: 'result'; result: ExecResult };

/** Turns the shell's stdout, chunk by chunk, into events. */
export class ResponseReader {
  private partial = '';
  private out: string[] | undefined;
  private current: string[] = [];

  push(chunk: Buffer | string): ShellEvent[] {
    const lines = (this.partial + (typeof chunk === 'string' ? chunk : chunk.toString('latin1'))).split('\n');
    this.partial = lines.pop() ?? '';
    const events: ShellEvent[] = [];
    for (const line of lines) {
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  private line(line: string): ShellEvent | undefined {
    if (line === '.' && this.out === undefined) {
      this.out = this.current;
      this.current = [];
      return undefined;
    }
    if (!line.startsWith('!')) {
      this.current.push(line);
      return undefined;
    }
    const word = line.slice(1);
    if (this.out === undefined && this.current.length === 0 && (word === 'ready' || word === 'missing')) return { kind: word };
    const exitCode = Number(word);
    if (this.out === undefined || !/^\d+$/.test(word)) throw new Error(`unexpected line from the shell session: ${line.slice(0, 200)}`);
    const result = { exitCode, stdout: decode(this.out), stderr: decode(this.current) };
    this.out = undefined;
    this.current = [];
    return { kind: 'result', result };
  }
}

function decode(lines: string[]): string {
  return Buffer.from(lines.join(''), 'base64').toString('utf8');
}
