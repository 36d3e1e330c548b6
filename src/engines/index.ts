import type { EngineName } from '../config/schema.js';
import { InfraError } from '../errors.js';
import type { Engine } from './engine.js';
import { mysqlEngine } from './mysql.js';
import { postgresEngine } from './postgres.js';

const engines: Partial<Record<EngineName, Engine>> = {
  postgres: postgresEngine,
  mysql: mysqlEngine,
};

export function getEngine(name: EngineName): Engine {
  const engine = engines[name];
  if (!engine) throw new InfraError(`the ${name} engine is not available in this build`);
  return engine;
}
