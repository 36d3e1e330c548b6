import path from 'node:path';
import { defaultMatrixDir, defaultScenarioDir, yamlFiles } from '../config/discover.js';
import { loadMatrixFile, loadScenarioFile, type Loaded } from '../config/load.js';
import { readBounded } from '../config/read-bounded.js';
import type { Matrix, Scenario } from '../config/schema.js';
import { InputError, type InputProblem } from '../core/errors.js';
import { expandPlan } from '../plan/expand.js';

export interface ValidateOptions {
  /** Where the scenarios that matrices name are, as for `run`. */
  scenariosDir: string;
}

/**
 * Checks each file, then expands every matrix against the scenarios in `--scenarios-dir` and the scenario
 * files given, exactly as `run` would: what validates here, runs.
 */
export async function validateCommand(files: string[], options: ValidateOptions = { scenariosDir: defaultScenarioDir }): Promise<number> {
  const targets = files.length > 0 ? files : [...(await yamlFiles(defaultMatrixDir)), ...(await yamlFiles(options.scenariosDir))];
  const problems: InputProblem[] = [];
  const matrices: Loaded<Matrix>[] = [];
  const scenarios = new Map<string, Loaded<Scenario>>();
  for (const file of targets) {
    try {
      if (await looksLikeMatrix(file)) matrices.push(await loadMatrixFile(file));
      else scenarios.set(path.resolve(file), await loadScenarioFile(file));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length === 0 && matrices.length > 0) {
    for (const file of await yamlFiles(options.scenariosDir)) {
      if (scenarios.has(path.resolve(file))) continue;
      try {
        scenarios.set(path.resolve(file), await loadScenarioFile(file));
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        problems.push(...error.problems);
      }
    }
    if (problems.length === 0) expandPlan(matrices, [...scenarios.values()]);
  }
  if (problems.length > 0) throw new InputError(problems);
  console.log(`${targets.length} file${targets.length === 1 ? '' : 's'} valid`);
  return 0;
}

/** Only matrices have these top-level keys; one of them is enough, so a matrix missing `servers` is still read as one. */
async function looksLikeMatrix(file: string): Promise<boolean> {
  const read = await readBounded(file);
  return read.ok && /^(servers|clients|scenarios|knownFailures)\s*:/m.test(read.text);
}
