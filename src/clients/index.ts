import type { Client } from '../core/client.js';
import { UsageError } from '../core/errors.js';
import { mariadbClient } from './mariadb-client.js';
import { jdbcClients } from './jdbc-client.js';
import { mariadbCliClient } from './mariadb-cli-client.js';
import { mysqlCliClient } from './mysql-cli-client.js';
import { mysqljsClient } from './mysqljs-client.js';
import { mysql2Client } from './mysql2-client.js';
import { pgClient } from './pg-client.js';
import { postgresjsClient } from './postgresjs-client.js';
import { goClients } from './go/index.js';
import { processClient } from './process-client.js';
import { pythonClients } from './python/index.js';

/** Every client compatlab can drive; a new client is one module and one line here. */
export const clients: Readonly<Record<string, Client>> = Object.fromEntries(
  [
    pgClient,
    postgresjsClient,
    mysql2Client,
    mysqljsClient,
    mariadbClient,
    mysqlCliClient,
    mariadbCliClient,
    processClient,
    ...jdbcClients,
    ...pythonClients,
    ...goClients,
  ].map((client) => [client.name, client]),
);

export const clientNames = Object.keys(clients);

export function getClient(name: string): Client {
  const client = clients[name];
  if (!client) throw new UsageError(`unknown client "${name}"; available: ${clientNames.join(', ')}`);
  return client;
}
