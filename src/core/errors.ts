/** Errors compatlab knows how to explain; anything else is a bug and is printed with its stack. */
export class CompatlabError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export interface InputProblem {
  file: string;
  line?: number;
  column?: number;
  /** Dotted field path, e.g. `steps[2].expect.error`. */
  field?: string;
  message: string;
}

export function formatProblem(p: InputProblem): string {
  const where = [p.file, p.line, p.column].filter((part) => part !== undefined).join(':');
  return `${where}: ${p.field ? `${p.field}: ` : ''}${p.message}`;
}

/** Bad scenario or matrix files, or bad command-line input. Exit code 2. */
export class InputError extends CompatlabError {
  constructor(readonly problems: InputProblem[]) {
    super('INPUT', problems.map(formatProblem).join('\n'));
  }
}

/** Bad command-line usage not tied to a file. Exit code 2. */
export class UsageError extends CompatlabError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** The harness or its infrastructure broke (not the system under test). */
export class InfraError extends CompatlabError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INFRA', message, options);
  }
}

/**
 * A cell cannot run here. Not a failure. `machineLacks`: this machine lacks something that could be installed
 * or reached (Maven, a JDK, Python, Go, Docker, an image, a registry), so under CI it is one; without it the
 * combination itself cannot run (a setting the client cannot express, a version nobody publishes).
 */
export class SkipError extends CompatlabError {
  readonly machineLacks: boolean;

  constructor(reason: string, options?: { cause?: unknown; machineLacks?: boolean }) {
    super('SKIP', reason, options);
    this.machineLacks = options?.machineLacks ?? false;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The `default` of a switch that handles every case: a new case (a step kind, say) does not compile until
 * it is handled, and a value the types did not foresee (from outside) fails loudly.
 */
export function unreachable(value: never, what: string): never {
  throw new InfraError(`unexpected ${what}: ${JSON.stringify(value)}`);
}
