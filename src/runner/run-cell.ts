import { randomBytes } from 'node:crypto';
import type { ClientSession, ConnectionOutcome } from '../core/client.js';
import { observedError } from '../core/observed-error.js';
import type { Step } from '../config/schema.js';
import type { AdminSession, Engine } from '../core/engine.js';
import { InfraError, SkipError, errorMessage } from '../core/errors.js';
import { withDeadline } from '../core/deadline.js';
import type { Cell } from '../plan/plan.js';
import type { StepEvidence, StepResult } from '../core/report.js';
import type { RunningServer } from '../runtimes/runtime.js';
import type { RunContext } from '../core/context.js';
import { expectationMet, pickExpectation } from './expectation.js';
import { mergeSettings } from '../core/settings.js';
import { asText, rowsMatch } from './rows.js';

export const stepTimeoutMs = 15_000;
/** How long past its own timeout a client may take before the harness gives up on it. */
const harnessGraceMs = 5_000;

interface CellState {
  /** Passwords of the users this cell created, by user name. */
  users: Map<string, string>;
}

export interface StepsRun {
  steps: StepResult[];
  /** Set when a set-up step failed or the harness broke: the reproduction could not be carried out. */
  setupError?: string;
  /** What went wrong cleaning up after the cell (e.g. dropping its users); the verdict stands. */
  cleanup?: string;
}

/**
 * Runs a cell's steps in order. A connection, or any step that states an `expect`, is a check: when
 * it does not do what it should, that is a finding and the cell goes on. Any other step is set-up:
 * when it fails, the cell stops with an error. The steps run so far are kept in every case.
 */
export async function runSteps(
  cell: Cell,
  server: RunningServer,
  engine: Engine,
  client: ClientSession,
  ctx: RunContext,
): Promise<StepsRun> {
  const state: CellState = { users: new Map() };
  const run: StepsRun = { steps: [] };
  try {
    for (const [index, step] of cell.scenario.steps.entries()) {
      ctx.signal.throwIfAborted();
      const result = await runStep(index, step, cell, server, engine, client, state, ctx);
      run.steps.push(result);
      if (result.setup && !result.met) {
        run.setupError = `set-up step ${result.name ?? index} (${result.summary}) failed: ${result.outcome.error?.message ?? 'it succeeded'}`;
        break;
      }
    }
  } catch (error) {
    if (ctx.signal.aborted || error instanceof SkipError) throw error;
    run.setupError = errorMessage(error);
  }
  if (state.users.size > 0 && !ctx.signal.aborted) run.cleanup = await dropUsers(server, engine, [...state.users.keys()]);
  return run;
}

/** A step is a check when it is a connection or states an `expect`; otherwise it is set-up. */
export function isCheck(step: Step): boolean {
  return step.kind === 'connect' || step.expect.length > 0;
}

async function runStep(
  index: number,
  step: Step,
  cell: Cell,
  server: RunningServer,
  engine: Engine,
  client: ClientSession,
  state: CellState,
  ctx: RunContext,
): Promise<StepResult> {
  const mark = server.log.mark();
  const started = performance.now();
  const settings = step.kind === 'connect' ? mergeSettings(cell.client.settings, step.settings) : undefined;
  const expected = pickExpectation(step.expect, cell.client.driver, settings ?? cell.client.settings);
  let outcome: ConnectionOutcome;
  let summary: string;
  if (step.kind === 'connect') {
    const user = step.user ?? server.admin.user;
    const password = step.user === undefined ? server.admin.password : state.users.get(step.user);
    if (password === undefined) throw new InfraError(`step ${step.connect}: user "${step.user}" was not created by an earlier step`);
    summary = `connect "${step.connect}" as ${user}${step.resumeTlsSessionFrom ? `, resuming the TLS session of "${step.resumeTlsSessionFrom}"` : ''}`;
    // The client's own timeout makes a slow server a finding; this one is the harness's backstop.
    outcome = await withDeadline(`connect step "${step.connect}"`, stepTimeoutMs + harnessGraceMs, ctx.signal, (signal) =>
      client.connect({
        name: step.connect,
        user,
        password,
        database: step.database ?? server.admin.database,
        settings: settings ?? {},
        resumeTlsSessionFrom: step.resumeTlsSessionFrom,
        sql: step.sql,
        timeoutMs: stepTimeoutMs,
        signal,
      }),
    );
    if (outcome.tls && step.resumeTlsSessionFrom) outcome.tls.resumedFrom = step.resumeTlsSessionFrom;
  } else {
    summary = describeAction(step);
    outcome = await runAction(step, server, engine, state, ctx);
  }
  // A server logs a refusal just after the client saw it; a step that went through has less to add, so waits less.
  await server.log.settle(outcome.ok ? 20 : 50);
  // Rows are checked when the step is expected to succeed and did.
  const rows = step.kind === 'connect' && step.rows && expected.error === undefined && outcome.ok ? step.rows : undefined;
  const returned = outcome.statements?.at(-1)?.rows;
  const evidence: StepEvidence = {
    tls: outcome.tls,
    auth: outcome.auth,
    statements: outcome.statements?.length ? outcome.statements : undefined,
    driverConfig: outcome.driverConfig,
    rows: rows && { expected: asText(rows), returned: returned && asText(returned) },
    serverLog: server.log.since(mark),
  };
  return {
    index,
    name: step.kind === 'connect' ? step.connect : step.name,
    kind: step.kind,
    summary,
    settings,
    ...(isCheck(step) ? {} : { setup: true }),
    expected: expected.error === undefined ? { ok: true } : { ok: false, error: expected.error },
    outcome: { ok: outcome.ok, error: outcome.error },
    met: expectationMet(expected, outcome) && (rows === undefined || rowsMatch(rows, returned)),
    durationMs: Math.round(performance.now() - started),
    evidence,
  };
}

type ActionStep = Exclude<Step, { kind: 'connect' }>;

function describeAction(step: ActionStep): string {
  switch (step.kind) {
    case 'sql':
      return `admin SQL: ${step.sql.trim().split('\n')[0]}`;
    case 'create-user':
      return `create user ${step['create-user'].name}${step['create-user'].plugin ? ` identified with ${step['create-user'].plugin}` : ''}`;
    case 'set-password':
      return `change the password of ${step['set-password'].user}`;
    default:
      return step.kind;
  }
}

async function runAction(
  step: ActionStep,
  server: RunningServer,
  engine: Engine,
  state: CellState,
  ctx: RunContext,
): Promise<ConnectionOutcome> {
  try {
    if (step.kind === 'restart') {
      await server.restart();
      return { ok: true };
    }
    await withDeadline(`${step.kind} step`, stepTimeoutMs, ctx.signal, (signal) =>
      withAdmin(server, engine, (admin) => adminAction(step, admin, state, ctx), signal),
    );
    return { ok: true };
  } catch (error) {
    if (error instanceof InfraError || ctx.signal.aborted) throw error;
    return { ok: false, error: observedError(error) };
  }
}

async function adminAction(step: ActionStep, admin: AdminSession, state: CellState, ctx: RunContext): Promise<void> {
  switch (step.kind) {
    case 'sql':
      return admin.sql(step.sql);
    case 'reload':
      return admin.reload();
    case 'flush-privileges':
      return admin.flushPrivileges();
    case 'create-user': {
      const { name, plugin } = step['create-user'];
      const password = newPassword(ctx);
      await admin.createUser(name, password, plugin);
      state.users.set(name, password);
      return;
    }
    case 'set-password': {
      const { user } = step['set-password'];
      const password = newPassword(ctx);
      await admin.setPassword(user, password);
      state.users.set(user, password);
      return;
    }
    case 'restart':
      throw new Error('restart is not an admin action');
  }
}

/** Passwords are made here, never written in files, and scrubbed from every report. */
function newPassword(ctx: RunContext): string {
  const password = randomBytes(12).toString('base64url');
  ctx.secrets.add(password);
  return password;
}

/** An admin session for `use`; aborting `signal` closes it, which ends a statement still running. */
export async function withAdmin<T>(
  server: RunningServer,
  engine: Engine,
  use: (admin: AdminSession) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  let admin: AdminSession;
  try {
    admin = await engine.admin(server);
  } catch (error) {
    throw new InfraError(`cannot open an admin connection to ${server.spec.label}: ${observedError(error).message}`, { cause: error });
  }
  const close = () => void admin[Symbol.asyncDispose]();
  signal?.addEventListener('abort', close, { once: true });
  try {
    return await use(admin);
  } finally {
    signal?.removeEventListener('abort', close);
    await admin[Symbol.asyncDispose]();
  }
}

/** Never throws: a cleanup failure is reported beside the verdict, never instead of it. */
async function dropUsers(server: RunningServer, engine: Engine, users: string[]): Promise<string | undefined> {
  try {
    await withDeadline('dropping the users the cell created', stepTimeoutMs, undefined, (signal) =>
      withAdmin(
        server,
        engine,
        async (admin) => {
          for (const user of users) await admin.dropUser(user);
        },
        signal,
      ),
    );
    return undefined;
  } catch (error) {
    return `could not drop the users ${users.join(', ')}: ${errorMessage(error)}`;
  }
}
