import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { InputError, type InputProblem } from '../core/errors.js';
import { loadMatrixFile, loadScenarioFile, type Loaded } from './load.js';
import type { Matrix, Scenario } from './schema.js';

export const defaultMatrixDir = 'matrix';
export const defaultScenarioDir = 'scenarios';

export interface Project {
  matrices: Loaded<Matrix>[];
  scenarios: Loaded<Scenario>[];
}

/** Loads the given matrices (default: every file in `matrix/`) and every scenario, reporting all problems at once. */
export async function loadProject(matrixFiles: string[], scenarioDir = defaultScenarioDir): Promise<Project> {
  const files = matrixFiles.length > 0 ? matrixFiles : await yamlFiles(defaultMatrixDir);
  const [matrices, scenarios] = await Promise.all([
    collect(files.map(loadMatrixFile)),
    collect((await yamlFiles(scenarioDir)).map(loadScenarioFile)),
  ]);
  const problems = [...matrices.problems, ...scenarios.problems];
  if (problems.length > 0) throw new InputError(problems);
  return { matrices: matrices.values, scenarios: scenarios.values };
}

export async function yamlFiles(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch {
    throw new InputError([{ file: dir, message: 'directory not found' }]);
  }
  return entries
    .filter((e) => /\.ya?ml$/.test(e))
    .sort()
    .map((e) => path.join(dir, e));
}

async function collect<T>(loads: Promise<T>[]): Promise<{ values: T[]; problems: InputProblem[] }> {
  const settled = await Promise.allSettled(loads);
  const values: T[] = [];
  const problems: InputProblem[] = [];
  for (const s of settled) {
    if (s.status === 'fulfilled') values.push(s.value);
    else if (s.reason instanceof InputError) problems.push(...s.reason.problems);
    else throw s.reason;
  }
  return { values, problems };
}
