import { SkipError } from '../core/errors.js';
import type { ServerSpec } from '../core/specs.js';
import type { RunContext } from '../core/context.js';
import type { Runtime, RunningServer } from './runtime.js';

/**
 * `--runtime auto` with Docker: a server whose image cannot be had here (no registry, not built)
 * runs from local binaries instead, and the report says which runtime served each cell.
 */
export class FallbackRuntime implements Runtime {
  readonly name;

  constructor(
    private readonly preferred: Runtime,
    private readonly fallback: Runtime,
  ) {
    this.name = preferred.name;
  }

  async start(spec: ServerSpec, ctx: RunContext): Promise<RunningServer> {
    try {
      return await this.preferred.start(spec, ctx);
    } catch (error) {
      if (!(error instanceof SkipError)) throw error;
      try {
        const server = await this.fallback.start(spec, ctx);
        ctx.logger.info(`${spec.label}: ${error.message}; running it on the ${this.fallback.name} runtime instead`);
        return server;
      } catch (fallbackError) {
        if (!(fallbackError instanceof SkipError)) throw fallbackError;
        // The fallback has the last word: lab images are built from the very binaries it runs.
        throw new SkipError(`${this.preferred.name}: ${error.message}; ${this.fallback.name}: ${fallbackError.message}`, {
          machineLacks: fallbackError.machineLacks,
        });
      }
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await Promise.all([this.preferred[Symbol.asyncDispose](), this.fallback[Symbol.asyncDispose]()]);
  }
}
