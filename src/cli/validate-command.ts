import path from 'node:path';
import { defaultMatrixDir, defaultScenarioDir, yamlFiles } from '../config/discover.js';
import { loadAnyFile, loadScenarioFile, type Loaded } from '../config/load.js';
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
      const read = await loadAnyFile(file);
      if (read.kind === 'matrix') matrices.push(read.loaded);
      else scenarios.set(path.resolve(file), read.loaded);
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
