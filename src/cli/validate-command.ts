import { readFile } from 'node:fs/promises';
import { defaultMatrixDir, defaultScenarioDir, loadProject, yamlFiles, type Project } from '../config/discover.js';
import { loadMatrixFile, loadScenarioFile } from '../config/load.js';
import { InputError, type InputProblem } from '../core/errors.js';
import { expandPlan } from '../plan/expand.js';

/** Validates files one by one, then the matrices against the scenarios they name. */
export async function validateCommand(files: string[]): Promise<number> {
  const targets = files.length > 0 ? files : [...(await yamlFiles(defaultMatrixDir)), ...(await yamlFiles(defaultScenarioDir))];
  const problems: InputProblem[] = [];
  const matrixFiles: string[] = [];
  const loaded: Project = { matrices: [], scenarios: [] };
  for (const file of targets) {
    const isMatrix = /^\s*servers\s*:/m.test(await readFile(file, 'utf8').catch(() => ''));
    if (isMatrix) matrixFiles.push(file);
    try {
      if (isMatrix) loaded.matrices.push(await loadMatrixFile(file));
      else loaded.scenarios.push(await loadScenarioFile(file));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length === 0 && matrixFiles.length > 0) {
    // With no files named, everything loadProject would read is loaded already.
    const project = files.length > 0 ? await loadProject(matrixFiles) : loaded;
    expandPlan(project.matrices, project.scenarios);
  }
  if (problems.length > 0) throw new InputError(problems);
  console.log(`${targets.length} file${targets.length === 1 ? '' : 's'} valid`);
  return 0;
}
