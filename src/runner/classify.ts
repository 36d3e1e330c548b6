import type { KnownFailure } from '../config/schema.js';
import type { CellStatus, StepResult } from '../core/report.js';
import { SkipError, errorMessage } from '../core/errors.js';
import { describeUnmetOutcome, errorMatches } from './expectation.js';

export interface Verdict {
  status: CellStatus;
  reason?: string;
  /** Skipped because this machine lacks what the cell needs (`SkipError.machineLacks`). */
  machineLacks?: true;
}

/** A cell stopped by an error: skipped (saying whether this machine lacks what it needs) or an error. */
export function errorVerdict(error: unknown): Verdict {
  if (!(error instanceof SkipError)) return { status: 'error', reason: errorMessage(error) };
  return { status: 'skipped', reason: error.message, ...(error.machineLacks ? { machineLacks: true as const } : {}) };
}

/**
 * A cell passes when every step met its expectation. A known failure turns a failing cell into
 * `known-fail` only if it fails the way it is known to (same steps, matching error); a known
 * failure that no longer happens is a `fail`, so the matrix gets updated.
 */
export function classify(steps: StepResult[], known: KnownFailure | undefined): Verdict {
  const unmet = steps.filter((s) => !s.met);
  if (unmet.length === 0) {
    return known ? { status: 'fail', reason: `known failure no longer happens: ${known.link}` } : { status: 'pass' };
  }
  const reason = unmet.map(describeUnmet).join('; ');
  if (!known) return { status: 'fail', reason };
  const stepsAsKnown =
    known.steps === undefined ||
    sameSet(
      known.steps,
      unmet.map((s) => s.name ?? `#${s.index}`),
    );
  const errorsAsKnown =
    known.error === undefined || unmet.every((s) => s.outcome.error !== undefined && errorMatches(known.error!, s.outcome.error));
  return stepsAsKnown && errorsAsKnown
    ? { status: 'known-fail', reason }
    : { status: 'fail', reason: `fails differently from the known failure (${known.link}): ${reason}` };
}

function describeUnmet(step: StepResult): string {
  if (step.outcome.ok && step.expected.ok && step.evidence.rows) {
    return `${step.name ?? `step ${step.index}`} returned ${JSON.stringify(step.evidence.rows.returned ?? [])} (expected rows ${JSON.stringify(step.evidence.rows.expected)})`;
  }
  return `${step.name ?? `step ${step.index}`} ${describeUnmetOutcome(step.expected, step.outcome)}`;
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
