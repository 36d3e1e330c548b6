import { describe, expect, it } from 'vitest';
import type { ServerSpec } from '../../core/specs.js';
import { mysqlEngine } from './index.js';

const spec = (settings: ServerSpec['settings']): ServerSpec => ({
  engine: 'mysql',
  version: '9.7',
  tls: { enabled: false, clientCa: false },
  settings,
  label: 'mysql@9.7',
  key: 'mysql@9.7',
});

describe('mysql engine', () => {
  it('passes settings as --key=value, booleans as ON/OFF, and the TLS files last', () => {
    const args = mysqlEngine.serverArgs(spec({ require_secure_transport: true, max_connections: 20, tls_version: '' }), {
      cert: '/tls/server.crt',
      key: '/tls/server.key',
      clientCa: '/tls/ca.crt',
    });
    expect(args).toEqual([
      '--require_secure_transport=ON',
      '--max_connections=20',
      '--tls_version=',
      '--ssl-cert=/tls/server.crt',
      '--ssl-key=/tls/server.key',
      '--ssl-ca=/tls/ca.crt',
    ]);
  });

  it('leaves TLS to the server when the scenario gives no certificate', () => {
    expect(mysqlEngine.serverArgs(spec({}), undefined)).toEqual([]);
  });

  it('is ready on the final server only, not the init server or the X plugin', () => {
    // From the lab image's log (MySQL 9.7.4 from Debian sid); the official images log the same lines.
    const log = [
      '2026-11-20T23:23:00.030538Z 0 [System] [MY-011323] [Server] X Plugin ready for connections. Socket: /var/run/mysqld/mysqlx.sock',
      "2026-11-20T23:23:00.031075Z 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '9.7.4-2'  socket: '/var/run/mysqld/mysqld.sock'  port: 0  (Debian).",
      "2026-11-20T23:23:04.080838Z 0 [System] [MY-011323] [Server] X Plugin ready for connections. Bind-address: '::' port: 33060, socket: /var/run/mysqld/mysqlx.sock",
      "2026-11-20T23:23:04.081599Z 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '9.7.4-2'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  (Debian).",
    ];
    const { line, times } = mysqlEngine.container.ready;
    expect(log.map((l) => line.test(l))).toEqual([false, false, false, true]);
    expect(times).toBe(1);
  });
});
