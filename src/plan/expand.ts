import picomatch from 'picomatch';
import type { Loaded } from '../config/load.js';
import { getClient } from '../clients/index.js';
import { getEngine } from '../engines/index.js';
import type { KnownFailure, Matrix, Scenario } from '../config/schema.js';
import { driverLabel, parseDriverRef, parseEngineRef, type Parsed } from '../config/refs.js';
import { InputError, type InputProblem } from '../core/errors.js';
import type { Cell, ClientSpec, Plan, ServerGroup, ServerSpec } from '../plan/plan.js';

export interface PlanFilters {
  /** Replaces every matrix's server list, e.g. `['postgres@16.4']`. */
  servers?: string[];
  /** Scenario ids or globs. */
  scenarios?: string[];
  /** Client labels or globs. */
  clients?: string[];
  /** Cell ids or globs, e.g. `postgres@15.8/pg/*`. */
  cells?: string[];
}

type MatrixServer = Matrix['servers'][number];
type MatrixClient = Matrix['clients'][number];

export function expandPlan(matrices: Loaded<Matrix>[], scenarios: Loaded<Scenario>[], filters: PlanFilters = {}): Plan {
  const problems: InputProblem[] = [];
  const byId = indexScenarios(scenarios, problems);
  const cells: Cell[] = [];

  for (const m of matrices) {
    const chosen = m.value.scenarios.flatMap((pattern, index) => {
      const found = [...byId.values()].filter((s) => picomatch.isMatch(s.value.id, pattern));
      if (found.length === 0) {
        problems.push({
          file: m.file,
          ...m.locate(['scenarios', index]),
          field: `scenarios[${index}]`,
          message: `"${pattern}" matches no scenario; known ids: ${[...byId.keys()].join(', ') || '(none)'}`,
        });
      }
      return found;
    });
    const servers = filters.servers?.map(parseServerRef) ?? m.value.servers;
    const candidates: Cell[] = [];
    for (const s of unique(chosen)) {
      for (const rawServer of servers) {
        const server = serverSpec(rawServer, s.value);
        // A scenario runs on every server that speaks its engine's protocol: a mysql scenario on MariaDB too.
        const protocol = getEngine(server.engine).protocol;
        if (protocol !== getEngine(s.value.engine).protocol) continue;
        for (const rawClient of m.value.clients) {
          const client = clientSpec(rawClient);
          if (!getClient(client.driver).protocols.includes(protocol)) continue;
          const id = `${server.label}/${client.label}/${s.value.id}`;
          candidates.push({
            id,
            matrixFile: m.file,
            scenarioFile: s.file,
            scenario: s.value,
            server: s.value.shareServer ? server : { ...server, key: `${server.key}#${id}` },
            client,
            knownFailure: m.value.knownFailures.find((k) => knownFailureApplies(k, server, client, s.value)),
          });
        }
      }
    }
    if (chosen.length > 0 && candidates.length === 0 && filters.servers === undefined) {
      problems.push({
        file: m.file,
        ...m.locate(['servers']),
        field: 'servers',
        message: `the matrix expands to no cell: no server runs the engine of its scenarios (${[...new Set(chosen.map((s) => s.value.engine))].join(', ')}) with a client that speaks it`,
      });
    }
    problems.push(...knownFailureProblems(m, unique(chosen)));
    cells.push(
      ...candidates.filter(
        (c) =>
          matchesAny(c.scenario.id, filters.scenarios) && matchesAny(c.client.label, filters.clients) && matchesAny(c.id, filters.cells),
      ),
    );
  }
  if (problems.length > 0) throw new InputError(problems);
  return { cells, groups: groupByServer(cells) };
}

/** `knownFailures[].steps` must name steps of the scenarios the entry applies to, or a typo turns a known failure into a fail. */
function knownFailureProblems(m: Loaded<Matrix>, chosen: Loaded<Scenario>[]): InputProblem[] {
  const problems: InputProblem[] = [];
  m.value.knownFailures.forEach((k, index) => {
    const scenarios = chosen.filter((s) => k.where.scenario === undefined || picomatch.isMatch(s.value.id, k.where.scenario));
    if (k.where.scenario !== undefined && scenarios.length === 0) {
      problems.push({
        file: m.file,
        ...m.locate(['knownFailures', index, 'where', 'scenario']),
        field: `knownFailures[${index}].where.scenario`,
        message: `"${k.where.scenario}" matches none of this matrix's scenarios: ${chosen.map((s) => s.value.id).join(', ') || '(none)'}`,
      });
      return;
    }
    const names = new Set(scenarios.flatMap((s) => s.value.steps.map((st) => (st.kind === 'connect' ? st.connect : st.name))));
    k.steps?.forEach((step, stepIndex) => {
      if (names.has(step)) return;
      problems.push({
        file: m.file,
        ...m.locate(['knownFailures', index, 'steps', stepIndex]),
        field: `knownFailures[${index}].steps[${stepIndex}]`,
        message: `"${step}" names no step of ${scenarios.map((s) => s.value.id).join(', ')}; named steps: ${[...names].filter(Boolean).join(', ') || '(none)'}`,
      });
    });
  });
  return problems;
}

function indexScenarios(scenarios: Loaded<Scenario>[], problems: InputProblem[]): Map<string, Loaded<Scenario>> {
  const byId = new Map<string, Loaded<Scenario>>();
  for (const s of scenarios) {
    const earlier = byId.get(s.value.id);
    if (earlier) {
      problems.push({ file: s.file, ...s.locate(['id']), field: 'id', message: `"${s.value.id}" is already the id of ${earlier.file}` });
    } else {
      byId.set(s.value.id, s);
    }
  }
  return byId;
}

/** `--server postgres@16.4`. */
export function parseServerRef(ref: string): MatrixServer {
  const parsed = parseEngineRef(ref);
  if (!parsed.ok) throw new InputError([{ file: '--server', message: parsed.message }]);
  return ref;
}

/** Matrix strings were checked when the file was loaded. */
function parsedOrThrow<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

function serverSpec(raw: MatrixServer, s: Scenario): ServerSpec {
  const { engine, version } = typeof raw === 'string' ? parsedOrThrow(parseEngineRef(raw)) : raw;
  const variant = typeof raw === 'string' ? undefined : raw.variant;
  const settings = { ...s.server.settings, ...(typeof raw === 'string' ? {} : raw.settings) };
  const label = `${engine}@${version}${variant ? `+${variant}` : ''}`;
  const tls = s.server.tls;
  const hba = s.server.hba;
  const key = JSON.stringify([engine, version, tls.enabled, tls.clientCa, Object.entries(settings).sort(), hba ?? null]);
  return { engine, version, variant, tls, settings, ...(hba ? { hba } : {}), label, key };
}

function clientSpec(raw: MatrixClient): ClientSpec {
  if (typeof raw === 'string') {
    const ref = parsedOrThrow(parseDriverRef(raw));
    return { ...ref, label: driverLabel(ref), settings: {} };
  }
  const { driver, version, name, settings, options } = raw;
  return { driver, version, label: name ?? driverLabel({ driver, version }), settings, options };
}

function knownFailureApplies(k: KnownFailure, server: ServerSpec, client: ClientSpec, s: Scenario): boolean {
  const { where } = k;
  return (
    (where.server === undefined || picomatch.isMatch(server.label, where.server)) &&
    (where.client === undefined || picomatch.isMatch(client.label, where.client)) &&
    (where.scenario === undefined || picomatch.isMatch(s.id, where.scenario))
  );
}

function matchesAny(value: string, patterns: string[] | undefined): boolean {
  return patterns === undefined || patterns.length === 0 || patterns.some((p) => picomatch.isMatch(value, p));
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function groupByServer(cells: Cell[]): ServerGroup[] {
  const groups = new Map<string, ServerGroup>();
  for (const cell of cells) {
    const group = groups.get(cell.server.key) ?? { server: cell.server, cells: [] };
    group.cells.push(cell);
    groups.set(cell.server.key, group);
  }
  return [...groups.values()];
}
