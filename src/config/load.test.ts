import { describe, expect, it } from 'vitest';
import { clientNames } from '../clients/index.js';
import { InputError } from '../core/errors.js';
import { parseFile } from './load.js';
import { matrix, scenario } from './schema.js';

function problemsOf(text: string, schema: typeof scenario | typeof matrix = scenario): string[] {
  try {
    parseFile('scenarios/x.yaml', text, schema);
  } catch (error) {
    if (error instanceof InputError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

const validScenario = `id: tls
title: TLS
engine: postgres
steps:
  - connect: first
    settings:
      tls: { mode: require }
  - restart:
  - connect: second
    resumeTlsSessionFrom: first
    expect:
      error: { code: EPROTO, message: /alert internal error/ }
`;

describe('scenario files', () => {
  it('parses steps, keyed by the name of their kind', () => {
    const { value } = parseFile('scenarios/x.yaml', validScenario, scenario);
    expect(value.steps.map((s) => s.kind)).toEqual(['connect', 'restart', 'connect']);
    expect(value.steps[2]?.expect).toEqual([{ when: undefined, error: { code: 'EPROTO', message: '/alert internal error/' } }]);
    expect(value.server).toEqual({ tls: { enabled: false, clientCa: false }, settings: {} });
  });

  it('rejects an unknown key with its line, column and path', () => {
    expect(problemsOf(validScenario.replace('resumeTlsSessionFrom', 'resumeTlsSesionFrom'))).toEqual([
      'scenarios/x.yaml:10:5: steps[2].resumeTlsSesionFrom: unknown field "resumeTlsSesionFrom"; check the spelling',
    ]);
  });

  it('names the step that has no known kind', () => {
    expect(problemsOf(validScenario.replace('  - restart:', '  - restrat:'))).toEqual([
      'scenarios/x.yaml:8:5: steps[1]: a step needs exactly one of: connect, sql, restart, reload, flush-privileges, create-user, set-password',
    ]);
  });

  it('explains what an expectation must look like', () => {
    const text = validScenario.replace('error: { code: EPROTO, message: /alert internal error/ }', 'error: { code: EPROTO, text: x }');
    expect(problemsOf(text)).toEqual(['scenarios/x.yaml:12:30: steps[2].expect.error.text: unknown field "text"; check the spelling']);
  });

  it('requires a session to be resumed from an earlier connection', () => {
    expect(problemsOf(validScenario.replace('resumeTlsSessionFrom: first', 'resumeTlsSessionFrom: later'))).toEqual([
      'scenarios/x.yaml:10:27: steps[2].resumeTlsSessionFrom: must name an earlier connect step; earlier ones: first',
    ]);
  });

  it('checks that users and engine-specific steps make sense', () => {
    const text = validScenario.replace('  - restart:', '  - flush-privileges:').replace('resumeTlsSessionFrom: first', 'user: app');
    expect(problemsOf(text)).toEqual([
      "scenarios/x.yaml:8:5: steps[1]: flush-privileges is a mysql step; this scenario's engine is postgres",
      'scenarios/x.yaml:10:11: steps[2].user: user "app" must be made by an earlier create-user step (the admin user is used when no user is given)',
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    expect(problemsOf('id: x\ntitle: [unclosed\n')[0]).toMatch(/^scenarios\/x\.yaml:\d+:\d+: /);
  });

  it('points a missing field at its parent', () => {
    expect(problemsOf('id: x\ntitle: t\nengine: oracle\nsteps: []\n')).toEqual([
      'scenarios/x.yaml:3:9: engine: must be a known engine: postgres, mysql',
      'scenarios/x.yaml:4:8: steps: Too small: expected array to have >=1 items',
    ]);
  });
});

describe('matrix files', () => {
  const validMatrix = `title: m
servers: [postgres@15.8, { engine: postgres, version: "15.9", variant: jit-off, settings: { jit: false } }]
clients: [pg]
scenarios: ["pg-*"]
`;

  it('accepts servers as refs or objects', () => {
    expect(parseFile('matrix/m.yaml', validMatrix, matrix).value.servers).toHaveLength(2);
  });

  it('says which types a field may have', () => {
    expect(problemsOf(validMatrix.replace('clients: [pg]', 'clients: [42]'), matrix)).toEqual([
      `scenarios/x.yaml:3:11: clients[0]: must be ${clientNames.map((n) => `"${n}"`).join(' or ')} or object`,
    ]);
  });

  it("checks a client's own options with the client's schema", () => {
    const text = validMatrix.replace(
      'clients: [pg]',
      `clients:
  - { driver: jdbc, options: { pool: dbcp, propertes: {} } }
  - { driver: process, name: mine, options: { cwd: x } }
  - { driver: pg, options: { x: 1 } }`,
    );
    expect(problemsOf(text, matrix)).toEqual([
      'scenarios/x.yaml:4:38: clients[0].options.pool: Invalid option: expected one of "c3p0"|"hikari"',
      'scenarios/x.yaml:4:30: clients[0].options: unknown option "propertes"; check the spelling',
      'scenarios/x.yaml:5:45: clients[1].options.command: Invalid input: expected array, received undefined',
      'scenarios/x.yaml:6:28: clients[2].options: client pg takes no options',
    ]);
  });

  it('asks for quoted versions, since YAML reads 15.10 as 15.1', () => {
    expect(problemsOf(validMatrix.replace('version: "15.9"', 'version: 15.10'), matrix)).toEqual([
      'scenarios/x.yaml:2:55: servers[1].version: must be a string; quote it, e.g. "15.8" (YAML reads 15.10 as 15.1)',
    ]);
  });
});
