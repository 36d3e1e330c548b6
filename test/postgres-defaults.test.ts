/**
 * Servers run with their version's official-image defaults (md5 up to 13, scram-sha-256 from 14), and
 * a scenario's pg_hba lines replace them: read back from real servers on the local runtime.
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/core/context.js';
import type { RunningServer } from '../src/core/server.js';
import { postgresEngine } from '../src/engines/postgres/index.js';
import { createRunContext, defaultCacheDir } from '../src/runner/session.js';
import { LocalRuntime } from '../src/runtimes/local/local-runtime.js';
import { serverSpec } from './helpers/server-spec.js';

const ctx = createRunContext(silentLogger, new AbortController().signal, defaultCacheDir());
const runtime = new LocalRuntime();
afterAll(() => runtime[Symbol.asyncDispose]());

async function query(server: RunningServer, text: string): Promise<unknown[][]> {
  const client = new pg.Client({ host: server.host, port: server.port, ...server.admin });
  await client.connect();
  try {
    return (await client.query({ text, rowMode: 'array' })).rows as unknown[][];
  } finally {
    await client.end();
  }
}

/** How a new user's password is stored, and the method of pg_hba's line for other hosts. */
async function defaults(server: RunningServer) {
  {
    await using admin = await postgresEngine.admin(server);
    await admin.createUser('newcomer', 'not-a-secret-1');
  }
  const [[hash]] = (await query(server, "SELECT left(rolpassword, 6) FROM pg_authid WHERE rolname = 'newcomer'")) as [[string]];
  const methods = await query(server, "SELECT auth_method FROM pg_hba_file_rules WHERE type = 'host' ORDER BY line_number");
  return { hash, methods: methods.flat() };
}

describe('postgres defaults, as the official image has them', () => {
  it.each([
    ['13.23', 'md5', 'md5'],
    ['14.15', 'SCRAM-', 'scram-sha-256'],
  ])('%s hashes passwords with %s and asks other hosts for %s', async (version, hash, method) => {
    await using server = await runtime.start(serverSpec('postgres', version), ctx);
    expect(await defaults(server)).toEqual({ hash: expect.stringMatching(new RegExp(`^${hash}`)) as string, methods: [method] });
  });
});

describe('server.hba and reload', () => {
  it('starts with the stated lines after the admin line, and a reload puts new ones in force', async () => {
    const hba = ['local all all trust', 'host all all all scram-sha-256'];
    await using server = await runtime.start({ ...serverSpec('postgres', '14.15'), hba }, ctx);
    const lines = async () =>
      (await query(server, 'SELECT type, user_name, auth_method FROM pg_hba_file_rules ORDER BY line_number')).map(String);
    expect(await lines()).toEqual(['host,postgres,md5', 'local,all,trust', 'host,all,scram-sha-256']);

    {
      await using admin = await postgresEngine.admin(server);
      await admin.createUser('app', 'not-a-secret-2');
    }
    const login = () =>
      new pg.Client({ host: server.host, port: server.port, user: 'app', password: 'not-a-secret-2', database: 'postgres' })
        .connect()
        .then((client) => client.end())
        .then(
          () => 'ok',
          (error: { code?: string }) => error.code,
        );
    expect(await login()).toBe('ok');
    {
      await using admin = await postgresEngine.admin(server);
      await admin.reload({ hba: ['host all app all reject', ...hba] });
    }
    expect(await login()).toBe('28000');
    expect(await lines()).toEqual(['host,postgres,md5', 'host,app,reject', 'local,all,trust', 'host,all,scram-sha-256']);
  });

  it('says which line the server cannot read, and keeps the lines in force', async () => {
    await using server = await runtime.start(serverSpec('postgres', '14.15'), ctx);
    await using admin = await postgresEngine.admin(server);
    await expect(admin.reload({ hba: ['host all all all no-such-method'] })).rejects.toThrow(/pg_hba: line 1: .*no-such-method/);
  });
});
