import { randomBytes } from 'node:crypto';
import { getClient } from '../clients/index.js';
import { unsupported } from '../clients/supported.js';
import type { Client, ClientEnvironment, ClientSession, ConnectionOutcome, OpenedClient, StatementOutcome } from '../core/client.js';
import { observedError } from '../core/observed-error.js';
import type { Step } from '../config/schema.js';
import type { AdminSession, Engine } from '../core/engine.js';
import { InfraError, SkipError, errorMessage, unreachable } from '../core/errors.js';
import { DeadlineError, withDeadline } from '../core/deadline.js';
import { cutText } from '../core/evidence-value.js';
import { getEngine } from '../engines/index.js';
import type { Cell } from '../plan/plan.js';
import type { CellResult, EffectiveSetting, StepEvidence, StepResult } from '../core/report.js';
import { versionMismatch } from '../core/client-version.js';
import type { RunningServer } from '../runtimes/runtime.js';
import type { RunContext } from '../core/context.js';
import { withAdmin } from './admin.js';
import { cellResult } from './cell-result.js';
import { classify, errorVerdict, type Verdict } from './classify.js';
import { expectationMet, pickExpectation } from './expectation.js';
import { mergeSettings } from '../core/settings.js';
import { asText, rowsMatch } from './rows.js';
import { checkServerAfter } from './server-health.js';

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
  /** Set when a step turned out to be one the client cannot carry out (SkipError): the steps before it stand. */
  skipped?: SkipError;
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
      const result = await runStep(index + 1, step, cell, server, engine, client, state, ctx);
      run.steps.push(result);
      if (result.evidence.deadline) {
        run.setupError = `${stepName(result)} (${result.summary}) did not finish within ${result.evidence.deadline.ms / 1000} s`;
        break;
      }
      if (result.setup && !result.met) {
        run.setupError = `set-up ${stepName(result)} (${result.summary}) failed: ${result.outcome.error?.message ?? 'it succeeded'}`;
        break;
      }
    }
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    // A client's SkipError names its step already (`step "resumed": …`).
    if (error instanceof SkipError) run.skipped = error;
    else run.setupError = `step ${run.steps.length + 1}: ${errorMessage(error)}`;
  }
  if (state.users.size > 0 && !ctx.signal.aborted) run.cleanup = await dropUsers(server, engine, [...state.users.keys()]);
  return run;
}

/** `step 2 "resumed"`: steps are numbered from 1, as in the report. */
export function stepName(step: Pick<StepResult, 'index' | 'name'>): string {
  return `step ${step.index}${step.name ? ` "${step.name}"` : ''}`;
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
  const ran: StatementOutcome[] = [];
  let running = '';
  let deadline: StepEvidence['deadline'];
  let outcome: ConnectionOutcome;
  let summary: string;
  try {
    if (step.kind === 'connect') {
      const user = step.user ?? server.admin.user;
      const password = step.user === undefined ? server.admin.password : state.users.get(step.user);
      if (password === undefined) throw new InfraError(`step ${index}: user "${step.user}" was not created by an earlier step`);
      summary = `connect "${step.connect}" as ${user}${step.resumeTlsSessionFrom ? `, resuming the TLS session of "${step.resumeTlsSessionFrom}"` : ''}`;
      running = step.sql[0] === undefined ? 'connecting' : step.sql[0];
      // The client's own timeout makes a slow server a finding; this one is the harness's backstop.
      outcome = await withDeadline(`step ${index} (connect "${step.connect}")`, stepTimeoutMs + harnessGraceMs, ctx.signal, (signal) =>
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
          onStatement: (statement) => {
            ran.push(statement);
            running = step.sql[ran.length] ?? 'disconnecting';
          },
        }),
      );
      if (outcome.tls && step.resumeTlsSessionFrom) outcome.tls.resumedFrom = step.resumeTlsSessionFrom;
    } else {
      summary = describeAction(step);
      running = step.kind === 'sql' ? step.sql : summary;
      outcome = await runAction(index, step, server, engine, state, ctx);
    }
  } catch (error) {
    if (!(error instanceof DeadlineError) || ctx.signal.aborted) throw error;
    // A hung step keeps its evidence: what ran, what was still running, the server log of that moment.
    summary ??= step.kind === 'connect' ? `connect "${step.connect}"` : describeAction(step);
    deadline = { ms: error.ms, at: new Date().toISOString(), running: cutText(running) };
    outcome = { ok: false, error: { message: error.message }, statements: [...ran] };
  }
  // A server logs a refusal just after the client saw it; a step that went through has less to add, so waits less.
  await server.log.settle(outcome.ok ? 20 : 50);
  // Rows are checked when the step is expected to succeed and did.
  const rows = step.kind === 'connect' && step.rows && expected.error === undefined && outcome.ok ? step.rows : undefined;
  const last = outcome.statements?.at(-1);
  const returned = last?.rows;
  const evidence: StepEvidence = {
    tls: outcome.tls,
    auth: outcome.auth,
    statements: outcome.statements?.length ? outcome.statements : undefined,
    driverConfig: outcome.driverConfig,
    rows: rows && { expected: asText(rows), returned: returned && asText(returned) },
    serverLog: server.log.since(mark),
    ...(deadline ? { deadline } : {}),
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
    met: expectationMet(expected, outcome) && (rows === undefined || rowsMatch(rows, returned, last?.rowCount)),
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
    case 'restart':
    case 'reload':
    case 'flush-privileges':
      return step.kind;
    default:
      return unreachable(step, 'step kind');
  }
}

async function runAction(
  index: number,
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
    await withDeadline(`step ${index} (${step.kind})`, stepTimeoutMs, ctx.signal, (signal) =>
      withAdmin(server, engine, (admin) => adminAction(step, admin, state, ctx), signal),
    );
    return { ok: true };
  } catch (error) {
    // A server that cannot carry the step out (a build without the plugin asked for) skips the cell.
    if (error instanceof InfraError || error instanceof SkipError || ctx.signal.aborted) throw error;
    return { ok: false, error: observedError(error) };
  }
}

async function adminAction(step: ActionStep, admin: AdminSession, state: CellState, ctx: RunContext): Promise<void> {
  switch (step.kind) {
    case 'sql':
      return admin.sql(step.sql);
    case 'reload':
      return admin.reload(step.reload);
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
    default:
      // A step kind added to the schema must be handled here: this does not compile until it is.
      return unhandledStep(step);
  }
}

function unhandledStep(step: never): never {
  throw new Error(`unknown step kind ${JSON.stringify(step)}`);
}

/** Passwords are made here, never written in files, and scrubbed from every report. */
function newPassword(ctx: RunContext): string {
  const password = randomBytes(12).toString('base64url');
  ctx.secrets.add(password);
  return password;
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

/** Runs one cell on a running server: opens its client, runs its steps, drops its users, and gives the verdict. */
export async function runCell(
  cell: Cell,
  on: { server: RunningServer; versionString: string; effective?: EffectiveSetting[] },
  ctx: RunContext,
): Promise<CellResult> {
  const { server, versionString, effective } = on;
  const started = performance.now();
  const client = getClient(cell.client.driver);
  const engine = getEngine(cell.server.engine);
  const base = (verdict: Verdict, opened?: OpenedClient) => {
    const result = cellResult(cell, verdict, server, versionString, effective);
    return {
      ...result,
      client: {
        ...result.client,
        version: opened?.version,
        origin: opened?.origin,
        ...(opened?.runtime ? { runtime: opened.runtime } : {}),
      },
      durationMs: Math.round(performance.now() - started),
    };
  };
  const skipReason = unsupportedSettings(cell, client);
  if (skipReason) return base({ status: 'skipped', reason: skipReason });
  const env: ClientEnvironment = {
    server,
    ctx,
    serverPublicKey: () =>
      engine.serverPublicKey ? engine.serverPublicKey(server) : Promise.reject(new Error(`${engine.name} servers have no RSA public key`)),
  };
  let opened: OpenedClient;
  try {
    opened = await client.open(cell.client, env);
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    return base(errorVerdict(error));
  }
  // Never a stand-in: a client that is not the version asked for does not run.
  const mismatch = versionMismatch(cell.client, opened);
  if (mismatch) {
    await opened.session[Symbol.asyncDispose]();
    return base({ status: 'skipped', reason: mismatch }, opened);
  }
  let verdict: Verdict;
  let run: StepsRun = { steps: [] };
  try {
    await using session = opened.session;
    run = await runSteps(cell, server, engine, session, ctx);
    verdict = verdictOf(run, cell);
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    verdict = errorVerdict(error);
  }
  return checkServerAfter({ ...base(verdict, opened), steps: run.steps, ...(run.cleanup ? { cleanup: run.cleanup } : {}) }, server, engine);
}

/**
 * A client that finds out only mid-cell that it cannot carry out a step skips the rest; a check that already
 * failed before that is still a finding, so the cell is classified on the steps that ran.
 */
function verdictOf(run: StepsRun, cell: Cell): Verdict {
  if (run.setupError) return { status: 'error', reason: run.setupError };
  if (run.skipped === undefined) return classify(run.steps, cell.knownFailure);
  if (run.steps.every((s) => s.met)) return errorVerdict(run.skipped);
  const verdict = classify(run.steps, cell.knownFailure);
  return { status: verdict.status, reason: `${verdict.reason ?? ''}; the rest was not run: ${run.skipped.message}` };
}

function unsupportedSettings(cell: Cell, client: Client): string | undefined {
  for (const step of cell.scenario.steps) {
    if (step.kind !== 'connect') continue;
    const features = [...(step.resumeTlsSessionFrom ? ['resumeTlsSession'] : []), ...(step.sql.length > 0 ? ['sql'] : [])];
    const reason = unsupported(client, mergeSettings(cell.client.settings, step.settings), features);
    if (reason) return `step "${step.connect}": ${reason}`;
  }
  return undefined;
}
