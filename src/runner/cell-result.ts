import type { CellResult, EffectiveSetting } from '../core/report.js';
import type { Cell } from '../plan/plan.js';
import type { RunningServer } from '../runtimes/runtime.js';
import type { Verdict } from './classify.js';

/** A cell's result before its steps: what was asked, the verdict, and the server that served it. */
export function cellResult(
  cell: Cell,
  verdict: Verdict,
  server?: RunningServer,
  versionString?: string,
  effective?: EffectiveSetting[],
): CellResult {
  const { scenario, server: spec, client } = cell;
  return {
    id: cell.id,
    matrixFile: cell.matrixFile,
    scenario: { id: scenario.id, title: scenario.title, file: cell.scenarioFile, links: scenario.links },
    server: {
      label: spec.label,
      engine: spec.engine,
      requestedVersion: spec.version,
      variant: spec.variant,
      versionString,
      origin: server?.origin,
      tls: spec.tls,
      settings: spec.settings,
      ...(effective ? { effective } : {}),
    },
    client: { label: client.label, driver: client.driver, settings: client.settings },
    status: verdict.status,
    reason: verdict.reason,
    ...(verdict.machineLacks ? { machineLacks: true as const } : {}),
    knownFailure: cell.knownFailure && { link: cell.knownFailure.link, note: cell.knownFailure.note },
    durationMs: 0,
    rerun: `npx compatlab run ${cell.matrixFile} --cell '${cell.id}'`,
    steps: [],
  };
}
