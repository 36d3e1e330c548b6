import type { CellResult } from '../core/report.js';
import type { Plan } from '../plan/plan.js';
import { cellResult } from './run-plan.js';

/** The cells of the plan with no result, as `skipped` with the reason, so a report shows every cell it planned. */
export function notRunCells(plan: Plan, finished: CellResult[], why: string): CellResult[] {
  const done = new Set(finished.map((r) => r.id));
  return plan.cells.filter((cell) => !done.has(cell.id)).map((cell) => cellResult(cell, { status: 'skipped', reason: `not run: ${why}` }));
}
