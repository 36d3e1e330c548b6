import { loadProject } from '../config/discover.js';
import { expandPlan } from '../plan/expand.js';

export async function listCommand(matrixFiles: string[], options: { server?: string[]; scenariosDir: string }): Promise<void> {
  const project = await loadProject(matrixFiles, options.scenariosDir);
  const plan = expandPlan(project.matrices, project.scenarios, { servers: options.server });
  for (const group of plan.groups) {
    console.log(`${group.server.label} (${group.cells.length} cell${group.cells.length === 1 ? '' : 's'} on one server)`);
    for (const cell of group.cells) console.log(`  ${cell.id}${cell.knownFailure ? `  [known failure: ${cell.knownFailure.link}]` : ''}`);
  }
  console.log(`${plan.cells.length} cells, ${plan.groups.length} servers`);
}
