import type { Engine } from '../core/engine.js';
import { UsageError } from '../core/errors.js';
import { mariadbEngine } from './mariadb/index.js';
import { mysqlEngine } from './mysql/index.js';
import { postgresEngine } from './postgres/index.js';

/** Every engine compatlab can run; a new engine is one folder and one line here (and its import). */
const registry: Readonly<Record<string, Engine>> = {
  postgresEngine,
  mysqlEngine,
  mariadbEngine,
};

export const engines: Readonly<Record<string, Engine>> = Object.fromEntries(Object.values(registry).map((e) => [e.name, e]));

export const engineNames = Object.keys(engines);

export function getEngine(name: string): Engine {
  const engine = engines[name];
  if (!engine) throw new UsageError(`unknown engine "${name}"; available: ${engineNames.join(', ')}`);
  return engine;
}
