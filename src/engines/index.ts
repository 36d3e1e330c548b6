import type { EngineName } from '../config/schema.js';
import type { Engine } from './engine.js';
import { postgresEngine } from './postgres.js';

export const engines: Record<EngineName, Engine> = {
  postgres: postgresEngine,
  mysql: postgresEngine, // replaced by the MySQL engine
};
