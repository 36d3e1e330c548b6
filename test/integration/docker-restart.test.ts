/**
 * Restarts on the docker runtime happen inside the running container (lab images:
 * `npm run images -- postgres@15.9 mysql@9.7`): the server process really stops cleanly and starts
 * again through the image's entrypoint, on the same port; a server that dies is not started again.
 * Skipped when no Docker engine answers, except in CI, where that fails.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../src/core/context.js';
import type { RunningServer } from '../../src/core/server.js';
import { getEngine } from '../../src/engines/index.js';
import { createRunContext } from '../../src/runner/session.js';
import { dockerEngine } from '../helpers/optional-tool.js';
import type { DockerServer } from '../../src/runtimes/docker/docker-server.js';
import { selectRuntime } from '../../src/runtimes/select.js';
import { serverSpec } from '../helpers/server-spec.js';

const dockerTool = await dockerEngine();
const { probe } = dockerTool;

/** The server's process id, as the server itself reports it. */
async function serverPid(server: RunningServer): Promise<string> {
  const { host, port, admin } = server;
  if (server.spec.engine === 'postgres') {
    const client = new pg.Client({ host, port, user: admin.user, password: admin.password, database: admin.database });
    await client.connect();
    try {
      // postmaster.pid (in the data directory) starts with the postmaster's pid.
      const result = await client.query<{ pid: string }>(`SELECT split_part(pg_read_file('postmaster.pid'), E'\\n', 1) AS pid`);
      return result.rows[0]!.pid;
    } finally {
      await client.end();
    }
  }
  const connection = await mysql.createConnection({ host, port, user: admin.user, password: admin.password });
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>(
      "SELECT THREAD_OS_ID AS pid FROM performance_schema.threads WHERE NAME = 'thread/sql/main'",
    );
    return String(rows[0]?.pid);
  } finally {
    await connection.end();
  }
}

const cases = [
  { server: serverSpec('postgres', '15.9'), stopped: /database system is shut down/, startedClean: /database system was shut down at/ },
  { server: serverSpec('mysql', '9.7'), stopped: /Shutdown complete/, startedClean: /InnoDB initialization has ended/ },
];

describe.skipIf(dockerTool.skip)('docker runtime restarts (lab images)', () => {
  it.each(cases)(
    '$server.label: a restart is a clean restart of the server process in the same container; a killed server ends it',
    { timeout: 180_000 },
    async ({ server: serverSpec, stopped, startedClean }) => {
      if (!probe.ok) throw new Error(`no Docker engine answers (${probe.reason})`);
      const ctx = createRunContext(silentLogger, new AbortController().signal);
      const runtime = await selectRuntime('docker', ctx, { images: 'lab' });
      await using server = (await runtime.start(serverSpec, ctx)) as DockerServer;
      const container = () => probe.client.container.dockerode.getContainer(server.containerId).inspect();
      const before = { pid: await serverPid(server), port: server.port, state: await container() };

      const mark = server.log.mark();
      await server.restart();
      const after = { pid: await serverPid(server), port: server.port, state: await container() };
      expect(after.pid).not.toBe(before.pid);
      expect([after.port, after.state.State.StartedAt, after.state.RestartCount]).toEqual([before.port, before.state.State.StartedAt, 0]);
      const log = server.log.since(mark).join('\n');
      expect(log).toMatch(stopped);
      expect(log).toMatch(getEngine(serverSpec.engine).container.warm!.foundData); // the entrypoint ran again
      expect(log).toMatch(startedClean);
      expect(log).not.toMatch(/recovery/i);

      // Detached: the container, and any session in it, ends with the server.
      const kill = await probe.client.container.dockerode
        .getContainer(server.containerId)
        .exec({ Cmd: ['sh', '-c', 'kill -9 "$1"', 'sh', after.pid] });
      await kill.start({ Detach: true });
      await vi.waitFor(async () => expect((await container()).State.Running).toBe(false), { timeout: 30_000, interval: 100 });
      expect((await container()).State.ExitCode).toBe(137);
      await expect(server.restart()).rejects.toThrow(new RegExp(`^${serverSpec.label} did not become ready: `));
    },
  );
});
