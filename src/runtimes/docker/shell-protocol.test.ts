import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ResponseReader, requestLine, shellQuote, shellScript, type ShellEvent } from './shell-protocol.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('the shell session protocol', () => {
  it('quotes every argument in single quotes, closing them around a quote', () => {
    expect(shellQuote('')).toBe("''");
    expect(shellQuote(`it's $HOME "x" \\n`)).toBe(`'it'\\''s $HOME "x" \\n'`);
    expect(() => shellQuote('a\0b')).toThrow('NUL');
  });

  it('sends one base64 line: the exports, then exec of the quoted argv', () => {
    const line = requestLine(['mysql', '--execute=SELECT 1', "o'k"], { MYSQL_PWD: 'pa ss\nword' });
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(Buffer.from(line, 'base64').toString('utf8')).toBe(
      ["export MYSQL_PWD='pa ss\nword'", `exec 'mysql' '--execute=SELECT 1' 'o'\\''k'`].join('\n'),
    );
  });

  it('refuses what the shell would read as code or as an option', () => {
    expect(() => requestLine([])).toThrow('needs a program');
    expect(() => requestLine(['-x'])).toThrow('cannot run a program named "-x"');
    expect(() => requestLine(['true'], { 'A;B': '1' })).toThrow('"A;B" is not a valid environment variable name');
  });

  it('reads the greeting and results split anywhere across chunks', () => {
    const text = `!ready\n${b64('out\n')}\n.\n${b64('é')}\n!3\n.\n!0\n`;
    for (const size of [1, 2, 7, text.length]) {
      const reader = new ResponseReader();
      const events: ShellEvent[] = [];
      for (let i = 0; i < text.length; i += size) events.push(...reader.push(text.slice(i, i + size)));
      expect(events).toEqual([
        { kind: 'ready' },
        { kind: 'result', result: { exitCode: 3, stdout: 'out\n', stderr: 'é' } },
        { kind: 'result', result: { exitCode: 0, stdout: '', stderr: '' } },
      ]);
    }
    expect(new ResponseReader().push('!missing\n')).toEqual([{ kind: 'missing' }]);
    expect(() => new ResponseReader().push('!9\n')).toThrow('unexpected line from the shell session: !9');
  });

  it('runs exact argv and env through a real sh, one request after another', async () => {
    const sh = spawn('sh', ['-c', shellScript, 'compatlab-shell'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const reader = new ResponseReader();
    const events: ShellEvent[] = [];
    const waiters: (() => void)[] = [];
    sh.stdout.on('data', (chunk: Buffer) => {
      events.push(...reader.push(chunk));
      waiters.splice(0).forEach((wake) => wake());
    });
    const next = async (): Promise<ShellEvent> => {
      while (events.length === 0) await new Promise<void>((wake) => waiters.push(wake));
      return events.shift()!;
    };
    const run = async (argv: string[], env?: Record<string, string>) => {
      sh.stdin.write(requestLine(argv, env));
      return next();
    };
    try {
      expect(await next()).toEqual({ kind: 'ready' });
      const odd = ['a b', ' ', '', "'", '"$HOME"', '`id`', '$(id)', 'line\nbreak\n\n', 'ü 日本 🙂', '*', '\\'];
      expect(await run(['printf', '%s|', ...odd])).toEqual({
        kind: 'result',
        result: { exitCode: 0, stdout: odd.map((arg) => `${arg}|`).join(''), stderr: '' },
      });
      expect(await run(['sh', '-c', 'printf "%s" "$SECRET"; echo oops >&2; exit 7'], { SECRET: "it's\n$x" })).toEqual({
        kind: 'result',
        result: { exitCode: 7, stdout: "it's\n$x", stderr: 'oops\n' },
      });
      // The variable was for one command only; stdin is empty.
      expect(await run(['sh', '-c', 'printf "%s" "${SECRET-unset}"; cat'])).toEqual({
        kind: 'result',
        result: { exitCode: 0, stdout: 'unset', stderr: '' },
      });
      const missing = await run(['compatlab-no-such-program']);
      expect(missing.kind === 'result' && missing.result.exitCode).toBe(127);
      expect(await run(['true'])).toEqual({ kind: 'result', result: { exitCode: 0, stdout: '', stderr: '' } });
    } finally {
      sh.stdin.end();
      await once(sh, 'close');
    }
  });
});
