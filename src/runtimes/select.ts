import { UsageError } from '../errors.js';
import type { RunContext } from "../runner/context.js";
import { LocalRuntime } from './local/local-runtime.js';
import type { Runtime } from './runtime.js';

export const runtimeChoices = ['auto', 'local', 'docker'] as const;
export type RuntimeChoice = (typeof runtimeChoices)[number];

/** `auto`: Docker when an engine answers, else local binaries. */
export async function selectRuntime(choice: string, _ctx: RunContext): Promise<Runtime> {
  switch (choice) {
    case 'local':
    case 'auto':
      return new LocalRuntime();
    default:
      throw new UsageError(`unknown runtime "${choice}"; available: ${runtimeChoices.join(', ')}`);
  }
}
