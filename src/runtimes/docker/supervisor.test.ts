import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { signalName, supervised } from './supervisor.js';

describe('supervised', () => {
  it('runs the entrypoint under a POSIX sh supervisor that is given the stop signal', () => {
    const [sh, c, , name, stop, grace, ...rest] = supervised(['docker-entrypoint.sh'], 'SIGINT');
    expect([sh, c, name, stop, grace, rest]).toEqual(['sh', '-c', 'compatlab-supervisor', 'INT', '10', ['docker-entrypoint.sh']]);
  });

  it('takes the stop signal as images declare it, and docker’s default when they do not', () => {
    expect([signalName('SIGINT'), signalName('quit'), signalName('15'), signalName(undefined), signalName('')]).toEqual([
      'INT',
      'QUIT',
      '15',
      'TERM',
      'TERM',
    ]);
    expect(() => signalName('INT; reboot')).toThrow('unexpected stop signal "INT; reboot" in the image');
  });

  it('stops the server with the stop signal when its stdin ends (compatlab is gone), and ends with its status', async () => {
    const server = `process.on('SIGINT', () => process.exit(7)); console.log('up'); setInterval(() => {}, 1e6);`;
    const [sh, ...args] = supervised(['node', '-e', server], 'SIGINT');
    const child = execa(sh!, args, { stdin: 'pipe', reject: false });
    await new Promise((resolve) => child.stdout.once('data', resolve));
    child.stdin.end();
    const result = await child;
    expect([result.exitCode, result.stderr]).toEqual([
      7,
      "compatlab-supervisor: compatlab's link to this container (its stdin) closed: stopping the server",
    ]);
  });

  it('restarts the server on SIGUSR1, killing one that ignores the stop signal after the grace time', async () => {
    const server = `process.on('SIGINT', () => {}); console.log('up ' + process.pid); setInterval(() => {}, 1e6);`;
    const [sh, ...args] = supervised(['node', '-e', server], 'SIGINT', 1);
    const child = execa(sh!, args, { stdin: 'pipe', reject: false, all: true });
    const ups: string[] = [];
    const up = () => new Promise<void>((resolve) => child.stdout.once('data', (d: Buffer) => (ups.push(String(d).trim()), resolve())));
    await up();
    child.kill('SIGUSR1');
    await up();
    child.stdin.end();
    child.kill('SIGQUIT'); // the node server ignores INT; QUIT ends it
    const result = await child;
    expect(ups).toHaveLength(2);
    expect(ups[0]).not.toBe(ups[1]);
    expect(result.all).toContain('did not stop within 1 s of the restart request: killing it');
  });
});
