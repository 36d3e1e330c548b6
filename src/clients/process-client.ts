import path from 'node:path';
import { z } from 'zod';
import type { Client, OpenedClient } from '../core/client.js';
import { ProgramSession } from './process/program-session.js';

const options = z.strictObject({
  /** The program and its arguments, e.g. `[node, clients/my-client.mjs]`; looked up on PATH. */
  command: z.array(z.string().min(1)).min(1),
  /** Its working directory; relative to where compatlab runs. */
  cwd: z.string().min(1).optional(),
  /** Anything else the program wants, sent with every request as `options.config`. */
  config: z.record(z.string(), z.unknown()).optional(),
});

/**
 * A client in any language: a program that speaks the process client protocol
 * (`src/clients/process/protocol.ts`). It gets every setting and says which it cannot express.
 */
export const processClient: Client = {
  name: 'process',
  description: 'a client program speaking the compatlab process protocol',
  protocols: ['postgres', 'mysql'],
  supports: {
    'tls.mode': true,
    'tls.minVersion': true,
    'tls.maxVersion': true,
    serverPublicKey: true,
    resumeTlsSession: true,
    sql: true,
  },
  options,

  async open(spec, env): Promise<OpenedClient> {
    const { command, cwd, config } = options.parse(spec.options);
    const session = await ProgramSession.start({ command, cwd: cwd && path.resolve(cwd) }, env, () => ({ config: config ?? {} }));
    return {
      // Known once the program has answered; the report reads it at the end of the cell.
      get version() {
        return session.client ? `${session.client.name} ${session.client.version}` : 'unknown (the program never answered)';
      },
      origin: `program \`${command.join(' ')}\``,
      session,
    };
  },
};
