/** One bisect probe: the scenario's cell on one server version, run as `compatlab run` would, judged good, bad or skip. */
import type { Loaded } from '../config/load.js';
import type { Matrix, Scenario } from '../config/schema.js';
import type { CellResult, ProbeVerdict } from '../core/report.js';
import { InfraError, UsageError } from '../core/errors.js';
import { expandPlan } from '../plan/expand.js';
import { describeEvidence, describeObserved, stepTitle } from '../reporters/format.js';
import { runPlan, type RunOptions } from '../runner/run-plan.js';

export interface ProbeTarget {
  matrices: Loaded<Matrix>[];
  scenarios: Loaded<Scenario>[];
  scenario: string;
  client?: string;
}

export interface Probe {
  cell: CellResult;
  verdict: ProbeVerdict;
  evidence: string;
}

export async function probeVersion(target: ProbeTarget, server: string, run: Pick<RunOptions, 'runtime' | 'ctx'>): Promise<Probe> {
  const plan = expandPlan(target.matrices, target.scenarios, {
    servers: [server],
    scenarios: [target.scenario],
    clients: target.client === undefined ? undefined : [target.client],
  });
  const cell = plan.cells[0];
  if (!cell) {
    throw new UsageError(
      `no matrix crosses scenario "${target.scenario}"${target.client ? ` with client "${target.client}"` : ''}; check \`compatlab list\``,
    );
  }
  // Bisect asks about the system, not the matrix: a known failure is a bad version like any other.
  const single = { ...cell, knownFailure: undefined };
  const [result] = await runPlan({ cells: [single], groups: [{ server: single.server, cells: [single] }] }, run);
  if (!result) {
    run.ctx.signal.throwIfAborted();
    throw new InfraError(`the probe of ${server} returned no result`);
  }
  return { cell: result, verdict: verdictOf(result), evidence: evidenceOf(result) };
}

export function verdictOf(cell: CellResult): ProbeVerdict {
  if (cell.status === 'pass') return 'good';
  if (cell.status === 'fail' || cell.status === 'known-fail' || cell.status === 'flaky') return 'bad';
  return 'skip';
}

/** What a person checks a verdict against: the unmet steps with the server's words, or how the last connection went. */
export function evidenceOf(cell: CellResult): string {
  const plain = (s: string) => s;
  const unmet = cell.steps.filter((s) => !s.met);
  if (unmet.length > 0) {
    return unmet
      .map((s) => {
        const log = s.evidence.serverLog.find((l) => /error|fatal|could not/i.test(l));
        return `${stepTitle(s)}: ${describeObserved(s.outcome, plain)}${log ? `; server log: ${log.trim()}` : ''}`;
      })
      .join('; ');
  }
  const last = cell.steps.filter((s) => s.kind === 'connect').at(-1);
  if (!last) return cell.reason ?? cell.status;
  const evidence = describeEvidence(last.evidence, plain);
  return `${stepTitle(last)}: ${describeObserved(last.outcome, plain)}${evidence ? ` (${evidence})` : ''}`;
}
