/**
 * The process client protocol with real programs: a node-postgres client written for the tests,
 * and programs that answer wrongly, crash, hang, or leave a child behind.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ClientEnvironment, ConnectionRequest } from '../src/core/client.js';
import { silentLogger } from '../src/core/context.js';
import { InfraError } from '../src/core/errors.js';
import type { Report } from '../src/core/report.js';
import type { RunningServer } from '../src/core/server.js';
import { ProgramSession } from '../src/clients/process/program-session.js';
import { createRunContext } from '../src/runner/session.js';
import { workspace } from './helpers/workspace.js';

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const pgClient = fixture('pg-client.mjs');
const misbehaving = fixture('misbehaving-client.mjs');

const scenario = `id: plain
title: two connections, a password change between them
engine: postgres
server: { tls: true }
steps:
  - create-user: { name: app }
  - connect: first
    user: app
    settings: { tls: { mode: verify-full } }
  - set-password: { user: app }
  - connect: second
    user: app
`;
const resumeScenario = `id: resume
title: a resumed TLS session, which the test client cannot offer
engine: postgres
server: { tls: true }
steps:
  - connect: first
    settings: { tls: { mode: require } }
  - connect: resumed
    resumeTlsSessionFrom: first
    settings: { tls: { mode: require } }
`;
const client = (name: string, command: string[], config?: object) =>
  `  - { driver: process, name: ${name}, options: { command: ${JSON.stringify(command)}${config ? `, config: ${JSON.stringify(config)}` : ''} } }\n`;
const matrix = `title: process clients
servers: [postgres@15.9]
scenarios: [plain, resume]
clients:
${client('node-pg', ['node', pgClient])}${client('one-shot', ['node', pgClient], { oneShot: true })}${client('bad-json', ['node', misbehaving, 'bad-json'])}${client('wrong-shape', ['node', misbehaving, 'wrong-shape'])}${client('crash', ['node', misbehaving, 'crash'])}`;

describe('process clients', () => {
  it('run a program per cell, one request line and one outcome line per connection; a wrong answer or a crash is an error with its stderr', async () => {
    await using ws = await workspace({
      'scenarios/plain.yaml': scenario,
      'scenarios/resume.yaml': resumeScenario,
      'matrix/m.yaml': matrix,
    });
    const result = await ws.cli(['run', '--runtime', 'local', '--report-dir', 'out']);
    const report = JSON.parse(await readFile(path.join(ws.dir, 'out', 'report.json'), 'utf8')) as Report;
    const cell = (name: string, scenario = 'plain') => report.cells.find((c) => c.client.label === name && c.scenario.id === scenario)!;
    expect(result.exitCode, result.all).toBe(1);
    expect(report.cells.filter((c) => c.scenario.id === 'plain').map((c) => [c.client.label, c.status])).toEqual([
      ['node-pg', 'pass'],
      ['one-shot', 'pass'],
      ['bad-json', 'error'],
      ['wrong-shape', 'error'],
      ['crash', 'error'],
    ]);
    expect([cell('node-pg', 'resume').status, cell('node-pg', 'resume').reason]).toEqual([
      'skipped',
      'step "resumed": this client cannot resume TLS sessions',
    ]);
    expect(cell('node-pg').client.version).toMatch(/^node-postgres \(process\) \d+\.\d+\.\d+$/);
    expect(cell('bad-json').reason).toBe(
      `step 2: client program \`node ${misbehaving} bad-json\` answered with something that is not an outcome (not JSON): "this is not JSON"; its stderr:\ngot a request in mode bad-json`,
    );
    expect(cell('wrong-shape').reason).toContain(
      'answered with something that is not an outcome (ok: Invalid input: expected boolean, received undefined)',
    );
    expect(cell('crash').reason).toBe(
      `step 2: client program \`node ${misbehaving} crash\` exited with code 3 before answering; its stderr:\ngot a request in mode crash`,
    );
  });
});

describe('a client program that does not answer', () => {
  const environment = (signal: AbortSignal): ClientEnvironment => ({
    // The program never connects: only the request's host and port come from here.
    server: { spec: { engine: 'postgres' }, host: '127.0.0.1', port: 9 } as RunningServer,
    ctx: createRunContext(silentLogger, signal, os.tmpdir()),
    serverPublicKey: () => Promise.reject(new Error('not needed')),
  });
  const request = (signal: AbortSignal, timeoutMs: number): ConnectionRequest => ({
    name: 'first',
    user: 'app',
    password: 'secret',
    database: 'postgres',
    settings: {},
    sql: [],
    timeoutMs,
    signal,
  });
  const hanging = async (signal: AbortSignal) => {
    const pidFile = path.join(os.tmpdir(), `compatlab-hang-${process.pid}-${Date.now()}`);
    const session = await ProgramSession.start(
      { command: ['node', misbehaving, 'hang-with-child', pidFile] },
      environment(signal),
      () => ({}),
    );
    const pids = async () => (await readFile(pidFile, 'utf8')).split(' ').map(Number);
    return { session, pids };
  };
  /** Running, i.e. neither gone nor a zombie waiting for init to reap it. */
  const running = async (pid: number) => {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    return stat !== '' && !/^\d+ \(.*\) Z/.test(stat);
  };
  /** SIGKILL takes a moment to land; nothing of the program may still run after that. */
  const stillRunning = async (pids: number[]) => {
    for (let i = 0; i < 100; i++) {
      const states = await Promise.all(pids.map(running));
      if (!states.includes(true)) return states;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return Promise.all(pids.map(running));
  };

  it('that died after an answer is not replaced by a new one without its state: the next connection errors', async () => {
    const abort = new AbortController();
    await using session = await ProgramSession.start(
      { command: ['node', misbehaving, 'answer-then-die'] },
      environment(abort.signal),
      () => ({}),
    );
    expect(await session.connect(request(abort.signal, 5000))).toMatchObject({ ok: false, error: { message: 'refused' } });
    await new Promise((resolve) => setTimeout(resolve, 300)); // let its exit be seen
    const error = await session.connect(request(abort.signal, 5000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfraError);
    expect((error as Error).message).toMatch(
      /answer-then-die` exited with code 5 after an answer; .* later connections would not share its state/s,
    );
  });

  it('is killed with everything it started when the connection times out, and the cell errors', async () => {
    const abort = new AbortController();
    const { session, pids } = await hanging(abort.signal);
    await using _ = session;
    const error = await session.connect(request(abort.signal, 200)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfraError);
    expect((error as Error).message).toMatch(
      /hang-with-child.* did not answer in time and was killed; its stderr:\ngot a request in mode hang-with-child$/,
    );
    expect(await stillRunning(await pids())).toEqual([false, false]);
  });

  it('is killed with everything it started on Ctrl-C', async () => {
    const abort = new AbortController();
    const { session, pids } = await hanging(abort.signal);
    await using _ = session;
    const connecting = session.connect(request(abort.signal, 60_000)).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 500));
    abort.abort(new Error('interrupted'));
    expect(await connecting).toEqual(new Error('interrupted'));
    expect(await stillRunning(await pids())).toEqual([false, false]);
  });
});
