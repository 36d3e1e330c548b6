import { describe, expect, it } from 'vitest';
import { signalName, supervised } from './supervisor.js';

describe('supervised', () => {
  it('runs the entrypoint under a POSIX sh supervisor that is given the stop signal', () => {
    const [sh, c, , name, stop, ...rest] = supervised(['docker-entrypoint.sh'], 'SIGINT');
    expect([sh, c, name, stop, rest]).toEqual(['sh', '-c', 'compatlab-supervisor', 'INT', ['docker-entrypoint.sh']]);
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
});
