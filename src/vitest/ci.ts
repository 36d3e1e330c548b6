import type { CellResult } from '../core/report.js';

/** `CI=true`, as CI services set it (any value but `false` and `0`). */
export const underCi = (env: NodeJS.ProcessEnv = process.env): boolean => !!env.CI && env.CI !== 'false' && env.CI !== '0';

/**
 * A skipped cell's test is skipped with the reason, except under CI when this machine lacks what the cell needs
 * (a tool, a runtime, an image): CI must have it, so the test fails. A cell the combination itself rules out
 * (a setting the client cannot express, a version nobody publishes) is skipped everywhere.
 */
export function skipFailsHere(result: Pick<CellResult, 'status' | 'machineLacks'>, ci = underCi()): boolean {
  return result.status === 'skipped' && result.machineLacks === true && ci;
}
