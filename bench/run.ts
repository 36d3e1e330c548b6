/**
 * Prints how long compatlab takes: one server from start to ready, and whole matrices.
 *   npm run bench                       # every runtime that works here
 *   npm run bench -- --runtime local    # one runtime
 * cold: the first start of a server in this process (for local: binaries already cached);
 * warm: the median of the next starts. Matrix times are wall times of `runPlan`.
 */
import { parseArgs } from 'node:util';
import { loadProject } from '../src/config/discover.js';
import { expandPlan } from '../src/plan/expand.js';
import type { ServerSpec } from '../src/plan/plan.js';
import { silentLogger, type RunContext } from '../src/core/context.js';
import { runPlan } from '../src/runner/run-plan.js';
import { createRunContext } from '../src/runner/session.js';
import type { Runtime } from '../src/runtimes/runtime.js';
import { selectRuntime } from '../src/runtimes/select.js';

const { values } = parseArgs({ options: { runtime: { type: 'string', multiple: true }, starts: { type: 'string', default: '4' } } });
const ctx = createRunContext(silentLogger, new AbortController().signal);
const starts = Number(values.starts);

const pgSpec: ServerSpec = {
  engine: 'postgres',
  version: '15.8',
  tls: { enabled: true, clientCa: true },
  settings: {},
  label: 'postgres@15.8',
  key: 'bench',
};
const mysqlSpec: ServerSpec = {
  engine: 'mysql',
  version: '9.7',
  tls: { enabled: false, clientCa: false },
  settings: {},
  label: 'mysql@9.7',
  key: 'bench-mysql',
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? NaN;

async function timeStart(runtime: Runtime, spec: ServerSpec, context: RunContext): Promise<number> {
  const started = performance.now();
  const server = await runtime.start(spec, context);
  const ms = performance.now() - started;
  await server[Symbol.asyncDispose]();
  return ms;
}

async function serverReady(runtime: Runtime, spec: ServerSpec): Promise<void> {
  try {
    const times: number[] = [];
    for (let i = 0; i < starts; i++) times.push(await timeStart(runtime, spec, ctx));
    const [cold, ...warm] = times;
    console.log(
      `${runtime.name.padEnd(7)} ${spec.label.padEnd(14)} server ready: cold ${seconds(cold!)}, warm ${seconds(median(warm))} (median of ${warm.length})`,
    );
  } catch (error) {
    console.log(`${runtime.name.padEnd(7)} ${spec.label.padEnd(14)} server ready: cannot start here (${String(error)})`);
  }
}

async function matrixWallTime(runtime: Runtime, file: string, runs: number): Promise<void> {
  const project = await loadProject([file]);
  const plan = expandPlan(project.matrices, project.scenarios);
  const times: number[] = [];
  let statuses = '';
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const results = await runPlan(plan, { runtime, ctx });
    times.push(performance.now() - started);
    statuses = results.map((r) => r.status).join(' ');
  }
  const [cold, ...warm] = times;
  console.log(
    `${runtime.name.padEnd(7)} ${file.padEnd(30)} wall: first ${seconds(cold!)}${warm.length ? `, then ${seconds(median(warm))}` : ''} — ${plan.cells.length} cells on ${plan.groups.length} servers: ${statuses}`,
  );
}

for (const choice of values.runtime ?? ['local', 'docker']) {
  let runtime: Runtime;
  try {
    runtime = await selectRuntime(choice, ctx);
  } catch (error) {
    console.log(`${choice.padEnd(7)} not available: ${String(error)}`);
    continue;
  }
  await serverReady(runtime, pgSpec);
  await matrixWallTime(runtime, 'matrix/pg-tls-15.yaml', 2);
  if (runtime.name === 'docker') {
    await serverReady(runtime, mysqlSpec);
    await matrixWallTime(runtime, 'matrix/mysql-auth-9.7.yaml', 2);
  }
}
