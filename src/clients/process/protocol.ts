/**
 * The process client protocol: compatlab writes one request line (JSON) on the program's stdin per
 * connection and reads one outcome line (JSON) from its stdout. README "Clients in any language".
 * `schema/process-client.schema.json` is generated from these schemas.
 */
import { z } from 'zod';
import { clientSettings } from '../../core/settings.js';

export const protocolVersion = 1;

export const processRequest = z.strictObject({
  protocol: z.literal(protocolVersion),
  /** The connect step's name. */
  connection: z.string(),
  engine: z.string().meta({ description: 'postgres or mysql' }),
  host: z.string(),
  port: z.number().int(),
  user: z.string(),
  database: z.string(),
  passwordFile: z.string().meta({
    description: 'A file (mode 0600, in a directory only this user can read) holding the password; deleted after the answer.',
  }),
  settings: clientSettings.meta({ description: "compatlab's client settings; answer `unsupported` for any you cannot express" }),
  files: z
    .strictObject({
      ca: z.string().meta({ description: "PEM of the CA that signed the server's certificate" }),
      serverPublicKey: z
        .string()
        .optional()
        .meta({ description: "MySQL: the server's RSA public key (PEM), when settings.serverPublicKey is file" }),
    })
    .meta({ description: 'Paths of files the settings may need' }),
  resumeTlsSessionFrom: z.string().optional().meta({ description: 'Offer the TLS session of the earlier connection of this name' }),
  sql: z.array(z.string()).meta({ description: 'Statements to run after connecting, in order; stop at the first that fails' }),
  timeoutMs: z.number().int().meta({ description: 'compatlab kills the program when no answer came within this time' }),
  options: z.record(z.string(), z.unknown()).meta({ description: "The client's own options from the matrix" }),
});
export type ProcessRequest = z.infer<typeof processRequest>;

/** Give every identity the driver has; `expect.error.code` matches any of code, serverCode and sqlState. */
const observedError = z.object({
  code: z
    .string()
    .optional()
    .meta({ description: "The driver's own symbolic code (e.g. ER_PARSE_ERROR, ECONNREFUSED); else the SQLSTATE or server error number" }),
  serverCode: z
    .union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)])
    .optional()
    .meta({ description: "The server's numeric error code, a number or digits (MySQL errno 1064; JDBC getErrorCode() when not 0)" }),
  sqlState: z.string().optional().meta({ description: 'The SQLSTATE, e.g. 42000 (JDBC getSQLState(), psycopg pgcode, Go pgconn Code)' }),
  routine: z.string().optional().meta({ description: 'PostgreSQL: the server routine that raised the error' }),
  message: z.string(),
  exceptionClass: z.string().optional(),
  causes: z
    .array(z.object({ exceptionClass: z.string(), message: z.string(), via: z.string().optional() }))
    .optional()
    .meta({ description: 'The error causes, outermost first' }),
});

export const processOutcome = z.object({
  ok: z.boolean().meta({ description: 'False when the connection or one of its statements failed' }),
  error: observedError.optional().meta({ description: 'The first error' }),
  client: z
    .object({
      name: z.string(),
      version: z.string(),
      runtime: z.string().optional().meta({ description: 'What runs the driver, e.g. CPython 3.11.7, go1.26.8' }),
    })
    .optional()
    .meta({ description: 'The driver that ran, e.g. PostgreSQL JDBC Driver 42.5.5' }),
  unsupported: z
    .string()
    .optional()
    .meta({ description: 'This client cannot express the request (a setting, a feature): the cell is skipped with this reason' }),
  tls: z
    .object({
      protocol: z.string().nullable(),
      cipher: z.string().optional(),
      sessionOffered: z.boolean().optional().meta({ description: 'Whether the client offered a session to resume' }),
      sessionReused: z.boolean(),
    })
    .optional(),
  auth: z.object({ plugin: z.string().optional(), path: z.string() }).optional(),
  config: z
    .record(z.string(), z.unknown())
    .optional()
    .meta({ description: 'The connection configuration as the driver received it (DSN, URL, arguments), secrets left out' }),
  statements: z
    .array(
      z.object({
        sql: z.string(),
        ok: z.boolean(),
        error: observedError.optional(),
        rows: z.array(z.array(z.unknown())).optional(),
        rowCount: z.number().int().optional().meta({ description: 'How many rows there were, when rows holds only the first' }),
        durationMs: z.number(),
      }),
    )
    .optional(),
});
export type ProcessOutcome = z.infer<typeof processOutcome>;
