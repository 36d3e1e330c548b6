import { z } from 'zod';
import { clientNames, clients } from '../clients/index.js';
import { clientSettings, errorExpectation } from '../core/settings.js';
import { engineNames, engines } from '../engines/index.js';
import { driverLabel, driverVersionProblem, parseDriverRef, parseEngineRef, serverVersionProblem, type Parsed } from './refs.js';

export type { ClientSettings, ErrorExpectation } from '../core/settings.js';

/** A name from a registry; the JSON Schema lists the names, and a wrong one lists them too. */
const registryName = (what: string, names: string[]) =>
  z.enum(names as [string, ...string[]], { error: `must be a known ${what}: ${names.join(', ')}` });
export const engineName = registryName('engine', engineNames);
export type EngineName = string;
export const clientName = registryName('client', clientNames);
export type ClientName = string;

const id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lower-case letters, digits, ".", "_" or "-"');

/** A string checked by one of the parsers in refs.ts, so each form is parsed in one place. */
const checked = (problem: (text: string) => string | undefined, error = 'must be a string') =>
  z.string({ error }).superRefine((text, ctx) => {
    const message = problem(text);
    if (message) ctx.addIssue({ code: 'custom', message });
  });
/** YAML reads `15.10` as the number 15.1, so versions must be quoted. */
const version = checked(serverVersionProblem, 'must be a string; quote it, e.g. "15.8" (YAML reads 15.10 as 15.1)');
/** Checked with the client (`checkClientVersion`): npm, PyPI and Go versions differ. */
const driverVersion = z.string({ error: 'must be a string; quote it, e.g. "8.7.3"' });
const problemOf =
  <T>(parse: (text: string) => Parsed<T>) =>
  (text: string) => {
    const parsed = parse(text);
    return parsed.ok ? undefined : parsed.message;
  };

const settingValue = z.union([z.string(), z.number(), z.boolean()]);
const serverSettings = z.record(z.string(), settingValue);

/**
 * Settings an engine keeps for itself, e.g. the listen address (servers stay on loopback) or the TLS files of
 * `server.tls`: rejected here, never overwritten silently. `tls` is absent for a matrix's servers.
 */
function checkServerSettings(
  engine: string,
  settings: Record<string, unknown>,
  tls: { enabled: boolean; clientCa: boolean } | undefined,
  path: PropertyKey[],
  ctx: z.RefinementCtx,
): void {
  for (const name of Object.keys(settings)) {
    const reason = engines[engine]?.reservedSetting(name, tls);
    if (reason) ctx.addIssue({ code: 'custom', path: [...path, name], message: `may not be set: ${reason}` });
  }
}

const when = z.strictObject({
  client: z.union([clientName, z.array(clientName)]).optional(),
  settings: clientSettings.optional(),
});
export type When = z.infer<typeof when>;

const expectation = z.union([z.literal('ok'), z.strictObject({ when: when.optional(), error: errorExpectation.optional() })]);
/** Absent is an empty list: the step is set-up, not a check (a connection is always a check). */
export const expectations = z
  .union([expectation, z.array(expectation).min(1)])
  .optional()
  .transform((e) => (e === undefined ? [] : Array.isArray(e) ? e : [e]))
  .transform((list) => list.map((e) => (e === 'ok' ? { when: undefined, error: undefined } : { when: e.when, error: e.error })));
export type Expectation = z.output<typeof expectations>[number];

const common = { name: id.optional(), expect: expectations };

const connectStep = z.strictObject({
  kind: z.literal('connect'),
  connect: id,
  user: z.string().optional(),
  database: z.string().optional(),
  settings: clientSettings.optional(),
  /** Offer the TLS session saved by an earlier connect step (session resumption). */
  resumeTlsSessionFrom: id.optional(),
  /** Statements the client runs on this connection, in order, as this step's user. */
  sql: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .optional()
    .transform((sql) => (sql === undefined ? [] : [sql].flat())),
  /** The rows the last statement must return, compared as text (`1` matches an integer 1 and a string "1"). */
  rows: z.array(z.array(z.union([z.string(), z.number(), z.boolean(), z.null()]))).optional(),
  expect: expectations,
});
const sqlStep = z.strictObject({ kind: z.literal('sql'), sql: z.string().min(1), ...common });
const restartStep = z.strictObject({ kind: z.literal('restart'), restart: z.null().optional(), ...common });
/** pg_hba lines, in order: a scenario's `server.hba`, or what a `reload` step puts in force. */
const hbaLines = z.array(z.string().min(1)).min(1);
const reloadStep = z.strictObject({
  kind: z.literal('reload'),
  /** Empty: re-read the configuration; `{ hba: [...] }`: first replace the pg_hba lines. */
  reload: z
    .strictObject({ hba: hbaLines.optional() })
    .nullish()
    .transform((r) => r ?? {}),
  ...common,
});
const flushStep = z.strictObject({
  kind: z.literal('flush-privileges'),
  'flush-privileges': z.null().optional(),
  ...common,
});
const createUserStep = z.strictObject({
  kind: z.literal('create-user'),
  'create-user': z.strictObject({ name: z.string().min(1), plugin: z.string().optional() }),
  ...common,
});
const setPasswordStep = z.strictObject({
  kind: z.literal('set-password'),
  'set-password': z.strictObject({ user: z.string().min(1) }),
  ...common,
});

const stepSchemas = [connectStep, sqlStep, restartStep, reloadStep, flushStep, createUserStep, setPasswordStep] as const;
export const stepKinds = stepSchemas.map((s) => s.shape.kind.value);
export type StepKind = (typeof stepKinds)[number];

/** A step is written as `- connect: first` or `- restart:`; its kind is the key that names it. */
function withKind(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  // A connect step's `sql` is what the client runs on that connection, not an admin sql step.
  const kinds = 'connect' in raw ? ['connect'] : stepKinds.filter((kind) => kind in raw);
  return kinds.length === 1 ? { kind: kinds[0], ...raw } : raw;
}

export const step = z.preprocess(
  withKind,
  z.discriminatedUnion('kind', stepSchemas, {
    error: `a step needs exactly one of: ${stepKinds.join(', ')}`,
  }),
);
export type Step = z.infer<typeof step>;

/** Steps every engine takes; the others are the engine's own (`Engine.actions`). */
const commonSteps: readonly StepKind[] = ['connect', 'sql', 'restart', 'create-user', 'set-password'];

export const scenario = z
  .strictObject({
    $schema: z.string().optional(),
    id,
    title: z.string().min(1),
    engine: engineName,
    description: z.string().optional(),
    links: z.array(z.url()).default([]),
    server: z
      .strictObject({
        tls: z
          .union([z.boolean(), z.strictObject({ clientCa: z.boolean().default(false) })])
          .default(false)
          .transform((tls) => (typeof tls === 'boolean' ? { enabled: tls, clientCa: false } : { enabled: true, ...tls })),
        settings: serverSettings.default({}),
        /** PostgreSQL: the pg_hba lines, in order, replacing the defaults (compatlab's admin keeps a first line of its own). */
        hba: hbaLines.optional(),
      })
      .prefault({}),
    /** Whether another cell may use the same server. Restarts and users are fine; set false for changes that stick. */
    shareServer: z.boolean().default(true),
    steps: z.array(step).min(1),
  })
  .superRefine((s, ctx) => {
    checkServerSettings(s.engine, s.server.settings, s.server.tls, ['server', 'settings'], ctx);
    const engine = engines[s.engine];
    const changeProblem = (change: { hba?: string[] }, path: PropertyKey[]) => {
      const problem = engine?.changeProblem ? engine.changeProblem(change) : `${s.engine} has no pg_hba lines`;
      if (problem) ctx.addIssue({ code: 'custom', path, message: problem });
    };
    if (s.server.hba) changeProblem({ hba: s.server.hba }, ['server', 'hba']);
    const connections = new Set<string>();
    const names = new Set<string>();
    const users = new Set<string>();
    const needUser = (user: string | undefined, path: PropertyKey[]) => {
      if (user !== undefined && !users.has(user)) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `user "${user}" must be made by an earlier create-user step (the admin user is used when no user is given)`,
        });
      }
    };
    s.steps.forEach((st, index) => {
      if (engine && !commonSteps.includes(st.kind) && !engine.actions.includes(st.kind)) {
        const takers = engineNames.filter((name) => engines[name]?.actions.includes(st.kind));
        ctx.addIssue({
          code: 'custom',
          path: ['steps', index],
          message: `${s.engine} servers take no ${st.kind} step (${takers.join(', ') || 'no engine'} ${takers.length === 1 ? 'does' : 'do'})`,
        });
      }
      if (st.kind === 'reload' && st.reload.hba) {
        changeProblem({ hba: st.reload.hba }, ['steps', index, 'reload', 'hba']);
        // The lines stay in force after the cell: no other cell may be given this server.
        if (s.shareServer) {
          ctx.addIssue({
            code: 'custom',
            path: ['steps', index, 'reload', 'hba'],
            message: 'changes the server for every later cell; set `shareServer: false` on the scenario',
          });
        }
      }
      if (st.kind === 'create-user') {
        users.add(st['create-user'].name);
        const plugin = st['create-user'].plugin;
        const problem = plugin === undefined ? undefined : engine?.userPluginProblem?.(plugin);
        if (problem) ctx.addIssue({ code: 'custom', path: ['steps', index, 'create-user', 'plugin'], message: problem });
      }
      if (st.kind === 'set-password') needUser(st['set-password'].user, ['steps', index, 'set-password', 'user']);
      if (st.kind === 'connect') needUser(st.user, ['steps', index, 'user']);
      const name = st.kind === 'connect' ? st.connect : st.name;
      if (name !== undefined) {
        if (names.has(name)) ctx.addIssue({ code: 'custom', path: ['steps', index], message: `step name "${name}" is used twice` });
        names.add(name);
      }
      if (st.kind === 'connect') {
        if (st.rows !== undefined && st.sql.length === 0) {
          ctx.addIssue({ code: 'custom', path: ['steps', index, 'rows'], message: 'rows are what the last statement returns; add sql' });
        }
        if (st.resumeTlsSessionFrom !== undefined && !connections.has(st.resumeTlsSessionFrom)) {
          ctx.addIssue({
            code: 'custom',
            path: ['steps', index, 'resumeTlsSessionFrom'],
            message: `must name an earlier connect step; earlier ones: ${[...connections].join(', ') || '(none)'}`,
          });
        }
        connections.add(st.connect);
      }
    });
  });
export type Scenario = z.output<typeof scenario>;

const serverRef = checked(problemOf(parseEngineRef)).meta({ examples: ['postgres@15.8', 'mysql@9.7'] });

const matrixServer = z.union([
  serverRef,
  z.strictObject({
    engine: engineName,
    version,
    /** Label for a configuration variant, e.g. "jit-off". */
    variant: id.optional(),
    settings: serverSettings.default({}),
  }),
]);

const driverRef = checked(problemOf(parseDriverRef)).meta({ examples: ['pg', 'pg@8.7.3', 'mysql2@^2', 'pg@latest'] });

const matrixClient = z.union([
  driverRef,
  z.strictObject({
    driver: clientName,
    /** Exact, a semver range or `latest`; absent means the version compatlab ships. */
    version: driverVersion.optional(),
    /** Defaults to `DRIVER` or `DRIVER@VERSION`. */
    name: id.optional(),
    settings: clientSettings.default({}),
    /** The client's own options, checked by the client (e.g. JDBC URL properties). */
    options: z.record(z.string(), z.unknown()).optional(),
  }),
]);

const glob = z.string().min(1);
const knownFailure = z.strictObject({
  where: z
    .strictObject({ server: glob.optional(), client: glob.optional(), scenario: glob.optional() })
    .refine((w) => Object.keys(w).length > 0, 'needs at least one of server, client, scenario'),
  /** The steps expected to fail; others must still meet their expectations. */
  steps: z.array(id).optional(),
  error: errorExpectation.optional(),
  link: z.url(),
  note: z.string().optional(),
});

export const matrix = z
  .strictObject({
    $schema: z.string().optional(),
    title: z.string().min(1),
    description: z.string().optional(),
    servers: z.array(matrixServer).min(1),
    clients: z.array(matrixClient).min(1),
    scenarios: z.array(glob).min(1),
    knownFailures: z.array(knownFailure).default([]),
    /** A skipped cell makes the run exit non-zero, for CI that needs every cell to run. */
    strict: z.boolean().default(false),
  })
  .superRefine((m, ctx) => {
    m.clients.forEach((c, index) => {
      checkClientOptions(c, ['clients', index], ctx);
      checkClientVersion(c, ['clients', index], ctx);
    });
    m.servers.forEach((server, index) => {
      if (typeof server !== 'string') checkServerSettings(server.engine, server.settings, undefined, ['servers', index, 'settings'], ctx);
    });
    // The client's name is part of the cell id: two alike would make two cells with one id.
    const names = new Map<string, number>();
    m.clients.forEach((client, index) => {
      const name = typeof client === 'string' ? client : (client.name ?? driverLabel(client));
      const earlier = names.get(name);
      if (earlier !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['clients', index, ...(typeof client === 'string' ? [] : ['name'])],
          message: `"${name}" is already the name of clients[${earlier}]; give each client its own name`,
        });
      }
      names.set(name, index);
    });
  });
export type Matrix = z.output<typeof matrix>;
export type KnownFailure = Matrix['knownFailures'][number];

/** An npm version, or a client's own kind of version (PyPI, Go modules), as parseDriverRef checks `DRIVER@VERSION`. */
function checkClientVersion(raw: z.output<typeof matrixClient>, at: PropertyKey[], ctx: z.RefinementCtx): void {
  if (typeof raw === 'string') return; // checked by parseDriverRef
  const client = clients[raw.driver];
  const problem = client?.versionProblem
    ? client.versionProblem(raw.version)
    : raw.version === undefined
      ? undefined
      : driverVersionProblem(raw.version);
  if (problem) ctx.addIssue({ code: 'custom', path: [...at, ...(raw.version === undefined ? ['driver'] : ['version'])], message: problem });
}

/** A client's own options are checked by the client's schema, so a typo is reported with its file, line and column. */
function checkClientOptions(raw: z.output<typeof matrixClient>, at: PropertyKey[], ctx: z.RefinementCtx): void {
  const [driver, options] = typeof raw === 'string' ? [raw, undefined] : [raw.driver, raw.options];
  const schema = clients[driver]?.options;
  if (!schema) {
    if (options !== undefined) ctx.addIssue({ code: 'custom', path: [...at, 'options'], message: `client ${driver} takes no options` });
    return;
  }
  const result = schema.safeParse(options ?? {});
  if (result.success) return;
  for (const issue of result.error.issues) {
    const path = [...at, 'options', ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `unknown option${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}; check the spelling`,
      });
    } else {
      ctx.addIssue({ code: 'custom', path, message: issue.message });
    }
  }
}
