/**
 * Every matrix in matrix/ as tests: one test per cell, named `server/client/scenario`, so
 * `npm test -- -t postgres@15.8` runs just those. A known failure passes while it still fails
 * the known way; one that stops failing fails the test so the matrix gets updated.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../src/config/discover.js';
import { expandPlan } from '../src/plan/expand.js';
import type { Cell } from '../src/plan/plan.js';
import type { CellResult } from '../src/core/report.js';
import { buildReport } from '../src/runner/build-report.js';
import { writeReports } from '../src/reporters/write.js';
import { silentLogger } from '../src/core/context.js';
import { cellResult, runCell, startServer, type ServerStart } from '../src/runner/run-plan.js';
import { createRunContext } from '../src/runner/session.js';
import { selectRuntime } from '../src/runtimes/select.js';

const startedAt = new Date();
const project = await loadProject([]);
const plan = expandPlan(project.matrices, project.scenarios);
const abort = new AbortController();
const ctx = createRunContext(silentLogger, abort.signal);
const runtimeChoice = process.env.COMPATLAB_RUNTIME ?? 'auto';
const runtime = await selectRuntime(runtimeChoice, ctx);
const results: CellResult[] = [];

/** Servers start on first use and stop after the last cell that needs them. */
const servers = new Map<string, Promise<ServerStart>>();
const cellsLeft = new Map(plan.groups.map((g) => [g.server.key, g.cells.length]));

async function run(cell: Cell): Promise<CellResult> {
  const key = cell.server.key;
  let start = servers.get(key);
  if (!start) servers.set(key, (start = startServer(cell.server, runtime, ctx)));
  const started = await start;
  let result: CellResult | undefined;
  try {
    return (result = started.ok ? await runCell(cell, started, ctx) : cellResult(cell, started.verdict));
  } finally {
    const left = (cellsLeft.get(key) ?? 1) - 1;
    cellsLeft.set(key, left);
    // As in `compatlab run`: after a harness error the server's state is unknown, so the next cell gets a fresh one.
    if (left === 0 || (started.ok && (result?.status === 'error' || result?.cleanup))) await release(key);
  }
}

async function release(key: string): Promise<void> {
  const started = await servers.get(key);
  servers.delete(key);
  if (started?.ok) await started.server[Symbol.asyncDispose]();
}

afterAll(async () => {
  for (const key of [...servers.keys()]) await release(key);
  const report = buildReport(results, {
    startedAt,
    finishedAt: new Date(),
    runtime: runtime.name,
    matrices: project.matrices.map((m) => ({ file: m.file, title: m.value.title })),
    secrets: ctx.secrets,
  });
  await writeReports(report, 'reports/test');
});

for (const group of plan.groups) {
  describe(group.server.label, () => {
    for (const cell of group.cells) {
      it(cell.id, async (test) => {
        const result = await run(cell);
        results.push(result);
        if (result.status === 'skipped') test.skip(result.reason);
        expect.soft(result.status, explain(result)).not.toBe('error');
        expect(result.status, explain(result)).toMatch(/^(pass|known-fail)$/);
      });
    }
  });
}

function explain(result: CellResult): string {
  const unmet = result.steps
    .filter((s) => !s.met)
    .map((s) => `  ${s.name}: ${s.outcome.error?.message ?? 'ok'}\n${s.evidence.serverLog.map((l) => `    | ${l}`).join('\n')}`);
  return `${result.id}: ${result.reason ?? result.status}\n${unmet.join('\n')}\nre-run: ${result.rerun}`;
}
