import type { ClientName } from '../config/schema.js';
import type { Client } from './client.js';
import { pgClient } from './pg-client.js';

export const clients: Partial<Record<ClientName, Client>> = {
  pg: pgClient,
};
