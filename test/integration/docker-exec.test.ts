/**
 * `exec` of the docker runtime, through its shell session, in a real container of the lab image
 * (`npm run images -- mysql@9.7`). Skipped when no Docker engine answers, except in CI, where that fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/context.js';
import type { RunningServer } from '../../src/core/server.js';
import type { ServerSpec } from '../../src/core/specs.js';
import { createRunContext } from '../../src/runner/session.js';
import { dockerEngine } from '../helpers/optional-tool.js';
import { selectRuntime } from '../../src/runtimes/select.js';

const dockerTool = await dockerEngine();

const spec: ServerSpec = {
  engine: 'mysql',
  version: '9.7',
  tls: { enabled: false, clientCa: false },
  settings: {},
  label: 'mysql@9.7',
  key: 'mysql@9.7',
};

describe.skipIf(dockerTool.skip)('docker runtime exec (lab image mysql:9.7)', () => {
  let server: RunningServer;
  const exec = (argv: string[], options?: { signal?: AbortSignal; env?: Record<string, string> }) => server.exec!(argv, options);

  beforeAll(async () => {
    const ctx = createRunContext(silentLogger, new AbortController().signal);
    const runtime = await selectRuntime('docker', ctx, { images: 'lab' });
    server = await runtime.start(spec, ctx);
  });
  afterAll(async () => {
    await server?.[Symbol.asyncDispose]();
  });

  it('passes argv exactly: spaces, quotes, newlines, shell syntax, unicode, empty strings', async () => {
    const odd = ['a b', ' ', '', "'", '"$HOME"', '`id`', '$(id)', ';exit 3', 'line\nbreak\n\n', 'ü 日本 🙂', '*', '\\', '-n'];
    expect(await exec(['printf', '%s|', ...odd])).toEqual({ exitCode: 0, stdout: odd.map((arg) => `${arg}|`).join(''), stderr: '' });
  });

  it('returns stdout byte for byte as UTF-8 text, stderr, and the exit code', async () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const octal = [...bytes].map((byte) => `\\${byte.toString(8).padStart(3, '0')}`).join('');
    expect(await exec(['sh', '-c', `printf '${octal}'; printf 'oops\\n' >&2; exit 42`])).toEqual({
      exitCode: 42,
      stdout: bytes.toString('utf8'),
      stderr: 'oops\n',
    });
    const missing = await exec(['compatlab-no-such-program']);
    expect(missing.exitCode).toBe(127);
  });

  it('adds env to the container environment for one command only', async () => {
    const value = `it's "quoted" $HOME\nsecond line ü`;
    expect(await exec(['sh', '-c', 'printf "%s|%s" "$VALUE" "${PATH:+path set}"'], { env: { VALUE: value } })).toEqual({
      exitCode: 0,
      stdout: `${value}|path set`,
      stderr: '',
    });
    expect((await exec(['sh', '-c', 'printf "%s" "${VALUE-unset}"'])).stdout).toBe('unset');
  });

  it('returns a large stdout whole', async () => {
    const result = await exec(['sh', '-c', 'head -c 1048576 /dev/zero | tr "\\000" a; echo end >&2']);
    expect([result.exitCode, result.stdout.length, result.stdout === 'a'.repeat(1048576), result.stderr]).toEqual([
      0,
      1048576,
      true,
      'end\n',
    ]);
  });

  it('runs concurrent calls one after another, each with its own result', async () => {
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => exec(['sh', '-c', `printf ${n}; exit ${n}`])));
    expect(results.map((r) => [r.exitCode, r.stdout])).toEqual([1, 2, 3, 4, 5].map((n) => [n, String(n)]));
  });

  it('rejects an aborted command, and the next command runs', async () => {
    const controller = new AbortController();
    const long = exec(['sleep', '60'], { signal: controller.signal });
    const queued = exec(['sh', '-c', 'echo queued'], { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), 500);
    await expect(long).rejects.toThrow('stop');
    await expect(queued).rejects.toThrow('stop');
    expect(await exec(['sh', '-c', 'echo after'])).toEqual({ exitCode: 0, stdout: 'after\n', stderr: '' });
    await expect(exec(['sleep', '60'], { signal: AbortSignal.timeout(300) })).rejects.toThrow(/abort|timeout/i);
    expect((await exec(['echo', 'again'])).stdout).toBe('again\n');
  });

  it('keeps the password off every command line in the container', async () => {
    const password = `pw-${Math.random().toString(36).slice(2)}`;
    // The command itself reads every process's command line while the session and its shells exist.
    const result = await exec(
      ['sh', '-c', 'for f in /proc/[0-9]*/cmdline; do tr "\\000" " " <"$f"; echo; done; printf "%s" "$MYSQL_PWD" >&2'],
      {
        env: { MYSQL_PWD: password },
      },
    );
    expect(result.stderr).toBe(password);
    expect(result.stdout).toContain('compatlab-shell');
    expect(result.stdout).not.toContain(password);
    // The real client, logging in with the password from the environment.
    const login = await exec(['mysql', '-uroot', '--batch', '--execute=SELECT CURRENT_USER()'], {
      env: { MYSQL_PWD: server.admin.password },
    });
    expect([login.exitCode, login.stdout]).toEqual([0, 'CURRENT_USER()\nroot@localhost\n']);
  });

  it('fails a command whose session died under it, and the next command opens a new session', async () => {
    // The command's parent is the session's shell.
    await expect(exec(['sh', '-c', 'kill -KILL $PPID; sleep 5'])).rejects.toThrow(
      'the shell session in the container failed: it ended (did the container stop or restart?)',
    );
    expect(await exec(['echo', 'replaced'])).toEqual({ exitCode: 0, stdout: 'replaced\n', stderr: '' });
  });

  it('runs commands after a restart of the server', async () => {
    expect((await exec(['echo', 'before'])).stdout).toBe('before\n');
    await server.restart();
    expect(await exec(['echo', 'after restart'])).toEqual({ exitCode: 0, stdout: 'after restart\n', stderr: '' });
  });
});
