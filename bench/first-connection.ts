/**
 * What starting a client costs a cell, per client family: the first connection of a cell (the client
 * opened from a warm cache, its probe process started) against the next connection, made by the
 * already running probe. One PostgreSQL 16.4 (lab image) for all; `rounds` cells per family.
 *   npx tsx bench/first-connection.ts [rounds] [--cold]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../src/core/context.js';
import type { ClientEnvironment, ConnectionRequest } from '../src/core/client.js';
import type { ClientSpec } from '../src/core/specs.js';
import { getClient } from '../src/clients/index.js';
import { startServer } from '../src/runner/server-pool.js';
import { createRunContext } from '../src/runner/session.js';
import { selectRuntime } from '../src/runtimes/select.js';

export interface FamilyCost {
  family: string;
  /** The first cell's first connection: with an empty cache (`cold`), installing the client included. */
  firstCellMs: number;
  /** Median ms of a cell's first connection, the client opened and its process started within it. */
  firstMs: number;
  /** Median ms of the next connection, from the running probe. */
  nextMs: number;
}

const families: { family: string; spec: ClientSpec }[] = [
  { family: 'Node in-process (pg, bundled)', spec: { driver: 'pg', label: 'pg', settings: {} } },
  {
    family: 'Node 12 probe (pg 7.9.0)',
    spec: { driver: 'pg', version: '7.9.0', options: { node: 12 }, label: 'pg-node-12', settings: {} },
  },
  { family: 'JVM (pgjdbc 42.7.8, Java 17)', spec: { driver: 'pgjdbc', version: '42.7.8', label: 'pgjdbc', settings: {} } },
  {
    family: 'JVM (pgjdbc 42.7.8, Java 25)',
    spec: { driver: 'pgjdbc', version: '42.7.8', options: { java: 25 }, label: 'pgjdbc-25', settings: {} },
  },
  { family: 'Python probe (psycopg 3.2.3)', spec: { driver: 'psycopg', version: '3.2.3', label: 'psycopg', settings: {} } },
  { family: 'Python probe (psycopg2 2.9.10)', spec: { driver: 'psycopg2', version: '2.9.10', label: 'psycopg2', settings: {} } },
  { family: 'Go probe (pgx 5.7.1)', spec: { driver: 'pgx', version: '5.7.1', label: 'pgx', settings: {} } },
];

/** `cold`: in an empty cache directory, so the first cell of each family installs its client (Maven, npm, Node). */
export async function firstConnectionCosts(rounds: number, cold = false): Promise<FamilyCost[]> {
  const emptyCache = cold ? await mkdtemp(path.join(os.tmpdir(), 'compatlab-bench-cache-')) : undefined;
  if (emptyCache) process.env.COMPATLAB_CACHE_DIR = emptyCache;
  try {
    return await measure(rounds);
  } finally {
    if (emptyCache) {
      delete process.env.COMPATLAB_CACHE_DIR;
      await rm(emptyCache, { recursive: true, force: true });
    }
  }
}

async function measure(rounds: number): Promise<FamilyCost[]> {
  const ctx = createRunContext(silentLogger, new AbortController().signal);
  const runtime = await selectRuntime('docker', ctx, { images: 'lab' });
  const spec = {
    engine: 'postgres',
    version: '16.4',
    tls: { enabled: false, clientCa: false },
    settings: {},
    label: 'postgres@16.4',
    key: 'bench',
  };
  const start = await startServer(spec, runtime, ctx);
  if (!start.ok) throw new Error(`postgres@16.4 did not start: ${start.verdict.reason}`);
  const { server } = start;
  const env: ClientEnvironment = { server, ctx, serverPublicKey: () => Promise.reject(new Error('not MySQL')) };
  const request = (name: string): ConnectionRequest => ({
    name,
    user: server.admin.user,
    password: server.admin.password,
    database: server.admin.database,
    settings: {},
    sql: ['SELECT 1'],
    timeoutMs: 15_000,
    signal: ctx.signal,
  });
  const costs: (Omit<FamilyCost, 'firstCellMs'> & { warm: boolean })[] = [];
  try {
    for (const { family, spec: clientSpec } of families) {
      const client = getClient(clientSpec.driver);
      // The first cell fills the cache (Maven, npm, the compiled probe, the class-data archive): counted apart.
      for (const warm of [true, ...Array<boolean>(rounds).fill(false)]) {
        const started = performance.now();
        const opened = await client.open(clientSpec, env);
        await using session = opened.session;
        const first = await session.connect(request('first'));
        const afterFirst = performance.now();
        const next = await session.connect(request('next'));
        const afterNext = performance.now();
        if (!first.ok || !next.ok) throw new Error(`${family}: ${first.error?.message ?? next.error?.message}`);
        costs.push({ family, warm, firstMs: afterFirst - started, nextMs: afterNext - afterFirst });
        if (process.env.BENCH_VERBOSE)
          console.error(family, warm ? 'warm-up' : '', (afterFirst - started).toFixed(0), (afterNext - afterFirst).toFixed(0));
      }
    }
  } finally {
    await server[Symbol.asyncDispose]();
  }
  return families.map(({ family }) => {
    const mine = costs.filter((c) => c.family === family && !c.warm);
    const firstCellMs = costs.find((c) => c.family === family && c.warm)?.firstMs ?? NaN;
    return { family, firstCellMs, firstMs: median(mine.map((c) => c.firstMs)), nextMs: median(mine.map((c) => c.nextMs)) };
  });
}

function median(list: number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const cold = process.argv.includes('--cold');
  const costs = await firstConnectionCosts(Number(process.argv[2] ?? 5), cold);
  console.log(
    `| family | first cell (${cold ? 'empty cache' : 'warm cache'}) | first connection of a cell | next connection | start-up cost |`,
  );
  console.log('|---|---|---|---|---|');
  for (const c of costs) {
    const ms = (n: number) => `${n.toFixed(0)} ms`;
    console.log(`| ${c.family} | ${ms(c.firstCellMs)} | ${ms(c.firstMs)} | ${ms(c.nextMs)} | ${ms(c.firstMs - c.nextMs)} |`);
  }
}
