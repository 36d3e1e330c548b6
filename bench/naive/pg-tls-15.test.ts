/**
 * The PostgreSQL 15 TLS session-resumption matrix written the way the testcontainers docs teach:
 * one GenericContainer per test, waiting for the ready log line, node-postgres as the client.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import pg from 'pg';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const password = 'test-password';
let certs: { ca: string; cert: string; key: string };

beforeAll(() => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'naive-pg-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=test-ca', '-keyout', 'ca.key', '-out', 'ca.crt');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'server.key', '-out', 'server.csr');
  writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    'san.ext',
    '-out',
    'server.crt',
  );
  const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
  certs = { ca: read('ca.crt'), cert: read('server.crt'), key: read('server.key') };
});

let container: StartedTestContainer | undefined;
afterEach(async () => {
  await container?.stop();
  container = undefined;
});

async function startPostgres(version: string): Promise<StartedTestContainer> {
  container = await new GenericContainer(`compatlab-lab/postgres:${version}`)
    .withEnvironment({ POSTGRES_PASSWORD: password })
    .withExposedPorts(5432)
    .withCopyContentToContainer([
      { content: certs.cert, target: '/tls/server.crt' },
      { content: certs.key, target: '/tls/server.key' },
      { content: certs.ca, target: '/tls/ca.crt' },
    ])
    // PostgreSQL wants its key owned by the server user with mode 0600; copied files belong to root.
    .withEntrypoint(['bash', '-c', 'chown -R postgres /tls && chmod 600 /tls/server.key && exec docker-entrypoint.sh "$@"', '--'])
    .withCommand([
      'postgres',
      '-c',
      'ssl=on',
      '-c',
      'ssl_cert_file=/tls/server.crt',
      '-c',
      'ssl_key_file=/tls/server.key',
      '-c',
      'ssl_ca_file=/tls/ca.crt',
    ])
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  return container;
}

interface Connected {
  session?: Buffer;
  reused: boolean;
}

async function connect(server: StartedTestContainer, ssl: pg.ClientConfig['ssl']): Promise<Connected> {
  const client = new pg.Client({
    host: server.getHost(),
    port: server.getMappedPort(5432),
    user: 'postgres',
    password,
    database: 'postgres',
    ssl,
  });
  await client.connect();
  try {
    await client.query('SELECT 1');
    const socket = (client as unknown as { connection: { stream: TLSSocket } }).connection.stream;
    return { session: socket.getSession(), reused: socket.isSessionReused() };
  } finally {
    await client.end();
  }
}

describe.each(['15.6', '15.8', '15.9'])('postgres %s', (version) => {
  it('accepts a resumed TLS 1.2 session when ssl_ca_file is set', async () => {
    const server = await startPostgres(version);
    const first = await connect(server, { rejectUnauthorized: false, maxVersion: 'TLSv1.2' });
    const resumed = connect(server, { rejectUnauthorized: false, maxVersion: 'TLSv1.2', session: first.session });
    if (version === '15.8') await expect(resumed).rejects.toThrow('tlsv1 alert internal error');
    else await expect(resumed).resolves.toMatchObject({});
  });

  it('accepts fresh TLS connections', async () => {
    const server = await startPostgres(version);
    await connect(server, { rejectUnauthorized: false, maxVersion: 'TLSv1.2' });
    await connect(server, { rejectUnauthorized: false, maxVersion: 'TLSv1.2' });
    await connect(server, { ca: certs.ca, servername: 'localhost', minVersion: 'TLSv1.3' });
  });
});
