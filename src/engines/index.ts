import type { Engine } from '../core/engine.js';
import { UsageError } from '../core/errors.js';
import { mysqlEngine } from './mysql/index.js';
import { postgresEngine } from './postgres/index.js';

/** Every engine compatlab can run; a new engine is one module and one line here. */
export const engines: Readonly<Record<string, Engine>> = Object.fromEntries([postgresEngine, mysqlEngine].map((e) => [e.name, e]));

export const engineNames = Object.keys(engines);

export function getEngine(name: string): Engine {
  const engine = engines[name];
  if (!engine) throw new UsageError(`unknown engine "${name}"; available: ${engineNames.join(', ')}`);
  return engine;
}
