/**
 * The MySQL 9.7 caching_sha2_password matrix written the way the testcontainers docs teach: one
 * GenericContainer per test, waiting for the ready log line; the mysql CLI runs in the container
 * (this machine has none), mysql2 on the host.
 */
import mysqlCore from 'mysql2';
import mysql from 'mysql2/promise';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { afterEach, describe, expect, it } from 'vitest';

const rootPassword = 'root-password';
const readyLine = /ready for connections\. Version: .* port: 3306\b/;

let container: StartedTestContainer | undefined;
afterEach(async () => {
  await container?.stop();
  container = undefined;
});

async function startMysql(): Promise<StartedTestContainer> {
  container = await new GenericContainer('compatlab-lab/mysql:9.7')
    .withEnvironment({ MYSQL_ROOT_PASSWORD: rootPassword })
    .withExposedPorts(3306)
    .withWaitStrategy(Wait.forLogMessage(readyLine))
    .start();
  return container;
}

async function admin(server: StartedTestContainer, sql: string): Promise<void> {
  const connection = await mysql.createConnection({
    host: server.getHost(),
    port: server.getMappedPort(3306),
    user: 'root',
    password: rootPassword,
    ssl: { rejectUnauthorized: false },
  });
  await connection.query(sql);
  await connection.end();
}

async function publicKey(server: StartedTestContainer): Promise<string> {
  const result = await server.exec(['cat', '/var/lib/mysql/public_key.pem']);
  return result.output;
}

type Tls = 'disable' | 'require';
type Key = 'none' | 'fetch' | 'file';
interface ClientSetup {
  name: string;
  tls: Tls;
  key: Key;
  /** Connects as `user` with the setup's TLS mode unless told otherwise; rejects with the client's error. */
  connect(server: StartedTestContainer, user: string, password: string, tls?: Tls): Promise<void>;
}

function cli(name: string, tls: Tls, key: Key): ClientSetup {
  return {
    name,
    tls,
    key,
    async connect(server, user, password, mode = tls) {
      const args = ['--protocol=TCP', '-h127.0.0.1', `-u${user}`, `--ssl-mode=${mode === 'require' ? 'REQUIRED' : 'DISABLED'}`];
      if (key === 'fetch') args.push('--get-server-public-key');
      if (key === 'file') {
        await server.copyContentToContainer([{ content: await publicKey(server), target: '/tmp/server-key.pem' }]);
        args.push('--server-public-key-path=/tmp/server-key.pem');
      }
      const result = await server.exec(['mysql', ...args, '-e', 'SELECT 1'], { env: { MYSQL_PWD: password } });
      if (result.exitCode !== 0) throw new Error(result.stderr.trim());
    },
  };
}

function node(name: string, tls: Tls, key: Key): ClientSetup {
  return {
    name,
    tls,
    key,
    async connect(server, user, password, mode = tls) {
      const serverKey = key === 'file' ? await publicKey(server) : undefined;
      const connection = await mysql.createConnection({
        host: server.getHost(),
        port: server.getMappedPort(3306),
        user,
        password,
        ssl: mode === 'require' ? { rejectUnauthorized: false } : undefined,
        authPlugins: serverKey
          ? {
              caching_sha2_password: mysqlCore.authPlugins.caching_sha2_password({ serverPublicKey: serverKey }),
              sha256_password: mysqlCore.authPlugins.sha256_password({ serverPublicKey: serverKey }),
            }
          : undefined,
      });
      await connection.query('SELECT 1');
      await connection.end();
    },
  };
}

const clients = [
  cli('cli-plain-no-key', 'disable', 'none'),
  cli('cli-plain-get-key', 'disable', 'fetch'),
  cli('cli-plain-key-file', 'disable', 'file'),
  cli('cli-tls', 'require', 'none'),
  node('mysql2-plain', 'disable', 'fetch'),
  node('mysql2-plain-key-file', 'disable', 'file'),
  node('mysql2-tls', 'require', 'fetch'),
];

/** Only a client with neither TLS nor the server's key fails, when the account is not in the cache. */
async function expectNeedsSecureConnection(client: ClientSetup, attempt: Promise<void>): Promise<void> {
  if (client.tls === 'disable' && client.key === 'none')
    await expect(attempt).rejects.toThrow(/ERROR 2061.*Authentication requires secure connection/);
  else await attempt;
}

describe.each(clients)('mysql 9.7, $name', (client) => {
  it('caching_sha2_password needs TLS or the RSA key until the cache holds the account', async () => {
    const server = await startMysql();
    await admin(server, "CREATE USER 'alice'@'%' IDENTIFIED WITH caching_sha2_password BY 'alice-1'");
    await expectNeedsSecureConnection(client, client.connect(server, 'alice', 'alice-1'));
    await client.connect(server, 'alice', 'alice-1', 'require');
    await client.connect(server, 'alice', 'alice-1');
    await admin(server, 'FLUSH PRIVILEGES');
    await expectNeedsSecureConnection(client, client.connect(server, 'alice', 'alice-1'));
    await client.connect(server, 'alice', 'alice-1', 'require');
    await client.connect(server, 'alice', 'alice-1');
    await admin(server, "ALTER USER 'alice'@'%' IDENTIFIED BY 'alice-2'");
    await expectNeedsSecureConnection(client, client.connect(server, 'alice', 'alice-2'));
  });

  it('a restart empties the cache', async () => {
    const server = await startMysql();
    await admin(server, "CREATE USER 'alice'@'%' IDENTIFIED WITH caching_sha2_password BY 'alice-1'");
    await client.connect(server, 'alice', 'alice-1', 'require');
    await client.connect(server, 'alice', 'alice-1');
    await server.restart();
    await expectNeedsSecureConnection(client, client.connect(server, 'alice', 'alice-1'));
    await client.connect(server, 'alice', 'alice-1', 'require');
    await client.connect(server, 'alice', 'alice-1');
  });

  it('sha256_password works for every client', async () => {
    const server = await startMysql();
    await admin(server, "CREATE USER 'bob'@'%' IDENTIFIED WITH sha256_password BY 'bob-1'");
    await client.connect(server, 'bob', 'bob-1');
    await client.connect(server, 'bob', 'bob-1', 'require');
    await client.connect(server, 'bob', 'bob-1');
    await admin(server, 'FLUSH PRIVILEGES');
    await client.connect(server, 'bob', 'bob-1');
  });
});
