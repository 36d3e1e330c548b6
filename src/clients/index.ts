import type { ClientName } from '../config/schema.js';
import type { Client } from './client.js';
import { mysqlCliClient } from './mysql-cli-client.js';
import { mysql2Client } from './mysql2-client.js';
import { pgClient } from './pg-client.js';

export const clients: Partial<Record<ClientName, Client>> = {
  pg: pgClient,
  mysql2: mysql2Client,
  'mysql-cli': mysqlCliClient,
};
