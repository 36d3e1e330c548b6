import { describe, expect, it } from 'vitest';
import { clientNames } from '../clients/index.js';
import { InputError } from '../core/errors.js';
import { engineNames } from '../engines/index.js';
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
      expect.stringMatching(
        /^scenarios\/x\.yaml:8:5: steps\[1\]: postgres servers take no flush-privileges step \(mysql(, \w+)* do(es)?\)$/,
      ),
      'scenarios/x.yaml:10:11: steps[2].user: user "app" must be made by an earlier create-user step (the admin user is used when no user is given)',
    ]);
  });

  it('takes rows only on a connect step that runs sql', () => {
    expect(problemsOf(validScenario.replace('  - restart:', '  - connect: rowless\n    rows: [[1]]'))).toEqual([
      'scenarios/x.yaml:9:11: steps[1].rows: rows are what the last statement returns; add sql',
    ]);
    const { value } = parseFile(
      's.yaml',
      validScenario.replace('  - restart:', "  - connect: one\n    sql: SELECT 1, 'a'\n    rows: [[1, a]]"),
      scenario,
    );
    expect(value.steps[1]).toMatchObject({ sql: ["SELECT 1, 'a'"], rows: [[1, 'a']] });
  });

  it('tells a check (an expect is stated) from set-up (none is)', () => {
    const { value } = parseFile('s.yaml', validScenario, scenario);
    expect(value.steps.map((s) => s.expect.length)).toEqual([0, 0, 1]);
  });

  it('reports YAML syntax errors with their position', () => {
    expect(problemsOf('id: x\ntitle: [unclosed\n')[0]).toMatch(/^scenarios\/x\.yaml:\d+:\d+: /);
  });

  it('points a missing field at its parent', () => {
    expect(problemsOf('id: x\ntitle: t\nengine: oracle\nsteps: []\n')).toEqual([
      `scenarios/x.yaml:3:9: engine: must be a known engine: ${engineNames.join(', ')}`,
      'scenarios/x.yaml:4:8: steps: Too small: expected array to have >=1 items',
    ]);
  });
});

describe('union errors point at the field inside the branch the author meant', () => {
  const withExpect = (expect: string) => validScenario.replace('error: { code: EPROTO, message: /alert internal error/ }', expect);

  it('names the unknown client inside a when of an expect list, with the allowed values', () => {
    expect(problemsOf(withExpect(`- when: { client: psql }\n        error: x\n      - ok`))).toEqual([
      `scenarios/x.yaml:12:25: steps[2].expect[0].when.client: must be ${clientNames.map((n) => `"${n}"`).join(' or ')} or array`,
    ]);
  });

  it('asks to quote a numeric error code', () => {
    expect(problemsOf(withExpect('error: { code: 2061 }'))).toEqual([
      `scenarios/x.yaml:12:22: steps[2].expect.error.code: must be a string; quote it, e.g. '2061'`,
    ]);
  });

  it('lists the values of a setting inside when', () => {
    expect(problemsOf(withExpect(`- when: { settings: { serverPublicKey: maybe } }\n        error: x`))).toEqual([
      'scenarios/x.yaml:12:46: steps[2].expect[0].when.settings.serverPublicKey: Invalid option: expected one of "fetch"|"file"|"none"',
    ]);
  });
});

describe('YAML within bounds', () => {
  it('says an empty file is empty', () => {
    expect(problemsOf('')).toEqual(['scenarios/x.yaml:1:1: the file is empty']);
    expect(problemsOf('# only a comment\n')).toEqual(['scenarios/x.yaml:1:1: the file is empty']);
  });

  it('names an alias with no anchor', () => {
    expect(problemsOf('id: x\ntitle: *nope\n')).toEqual(['scenarios/x.yaml:2:8: title: alias *nope names no anchor (&nope) set before it']);
  });

  it('accepts 101 uses of one anchor and refuses an alias bomb', () => {
    const reused = `id: x\ntitle: &t t\nengine: postgres\ndescription: d\nsteps:\n${Array.from({ length: 101 }, (_, i) => `  - sql: &s${i} select 1\n    name: s${i}\n`).join('')}links: [${Array(101).fill('*t').join(', ')}]\n`;
    expect(problemsOf(reused)[0]).toBe('scenarios/x.yaml:208:9: links[0]: Invalid URL');
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...'bcde'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcd'[i]}`).join(', ')}]`),
    ].join('\n');
    expect(problemsOf(bomb)).toEqual(['scenarios/x.yaml:2:8: aliases expand to more than 1000 values; write the values out instead']);
  });

  it('refuses deep nesting, block or flow, before the parser recurses', () => {
    const block = Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    expect(problemsOf(block)).toEqual(['scenarios/x.yaml:65:65: nested more than 64 levels deep']);
    expect(problemsOf('['.repeat(5000) + ']'.repeat(5000))).toEqual(['scenarios/x.yaml:1:65: nested more than 64 levels deep']);
  });

  it('finds duplicate keys', () => {
    expect(problemsOf('id: x\nid: y\n')).toEqual(['scenarios/x.yaml:2:1: id: duplicate key "id"']);
    expect(problemsOf('id: x\nsteps:\n  - connect: a\n    user: u\n    user: v\n')).toEqual([
      'scenarios/x.yaml:5:5: steps[0].user: duplicate key "user"',
    ]);
  });

  it('parses a map of 80,000 keys in linear time and lists only a few unknown ones', () => {
    const problems = problemsOf(Array.from({ length: 80_000 }, (_, i) => `k${i}: ${i}`).join('\n'));
    expect(problems.find((p) => p.includes('unknown'))).toBe(
      'scenarios/x.yaml:1:1: k0: unknown fields "k0", "k1", "k2", "k3", "k4" and 79995 more; check the spelling',
    );
  }, 30_000);
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
      'scenarios/x.yaml:3:11: clients[0]: must be string or object',
    ]);
  });

  it('accepts DRIVER@VERSION with an exact version, a range or latest', () => {
    const clients = 'clients: [pg@8.7.3, "mysql2@^2", pg@latest, { driver: pg, version: "8.11", name: pg-old }]';
    const { value } = parseFile('matrix/m.yaml', validMatrix.replace('clients: [pg]', clients), matrix);
    expect(value.clients).toEqual(['pg@8.7.3', 'mysql2@^2', 'pg@latest', { driver: 'pg', version: '8.11', name: 'pg-old', settings: {} }]);
  });

  it('rejects a version that is neither a version, a range nor latest', () => {
    expect(problemsOf(validMatrix.replace('clients: [pg]', 'clients: [pg, pg@not-a-version]'), matrix)).toEqual([
      'scenarios/x.yaml:3:15: clients[1]: version "not-a-version" must be an exact version (8.7.3), a semver range (^8) or latest',
    ]);
  });

  it('lists the known clients for an unknown driver', () => {
    expect(problemsOf(validMatrix.replace('clients: [pg]', 'clients: [npgsql@1.0.0]'), matrix)).toEqual([
      `scenarios/x.yaml:3:11: clients[0]: unknown client "npgsql"; known clients: ${clientNames.join(', ')}`,
    ]);
  });

  it('lists the known engines for an unknown engine', () => {
    expect(problemsOf(validMatrix.replace('postgres@15.8', 'oracle@19'), matrix)).toEqual([
      `scenarios/x.yaml:2:11: servers[0]: unknown engine "oracle"; known engines: ${engineNames.join(', ')}`,
    ]);
  });

  it('rejects, for JVM clients, a malformed Maven coordinate or version, a pool without a version to get, and a JVM the machine lacks', () => {
    const text = validMatrix.replace(
      'clients: [pg]',
      `clients:
  - { driver: jdbc, options: { artifact: 'org.postgresql:postgresql' } }
  - { driver: pgjdbc, version: '^42', name: a }
  - mysql-connector-j
  - { driver: pgjdbc, version: 42.7.8, options: { pool: druid, java: 8 } }
  - { driver: jdbc, version: '[42,43)', name: b }`,
    );
    const problems = problemsOf(text, matrix);
    expect(problems.filter((p) => !p.includes('options.java'))).toEqual([
      'scenarios/x.yaml:6:5: clients[2]: mysql-connector-j needs a version (no Debian package has it), e.g. "8.0.18"',
      'scenarios/x.yaml:4:42: clients[0].options.artifact: "org.postgresql:postgresql" must be a Maven coordinate group:artifact:version, e.g. org.postgresql:postgresql:42.7.8',
      'scenarios/x.yaml:5:32: clients[1].version: version "^42" must be an exact Maven version, e.g. 8.0.18',
      'scenarios/x.yaml:7:57: clients[3].options.pool: druid needs a version (no Debian package has it), e.g. druid@1.2.8',
      'scenarios/x.yaml:8:30: clients[4].version: version "[42,43)" must be an exact Maven version, e.g. 8.0.18',
    ]);
    expect(problems.find((p) => p.includes('options.java'))).toMatch(
      /^scenarios\/x\.yaml:7:70: clients\[3\]\.options\.java: this machine has no Java 8; it has: /,
    );
  });

  it('keeps passwords off the JVM command line', () => {
    const text = validMatrix.replace(
      'clients: [pg]',
      'clients:\n  - { driver: jdbc, options: { jvmProperties: { javax.net.ssl.keyStorePassword: x } } }',
    );
    expect(problemsOf(text, matrix)).toEqual([
      'scenarios/x.yaml:4:81: clients[0].options.jvmProperties.javax.net.ssl.keyStorePassword: JVM properties go on the command line, where a password must never be: give it to the driver in options.native',
    ]);
  });

  it("checks a client's own options with the client's schema", () => {
    const text = validMatrix.replace(
      'clients: [pg]',
      `clients:
  - { driver: jdbc, options: { pool: dbcp, propertes: {} } }
  - { driver: process, name: mine, options: { cwd: x } }
  - { driver: mysql-cli, options: { x: 1 } }`,
    );
    expect(problemsOf(text, matrix)).toEqual([
      'scenarios/x.yaml:4:38: clients[0].options.pool: unknown pool "dbcp"; known pools: c3p0, druid, hikari',
      'scenarios/x.yaml:4:30: clients[0].options: unknown option "propertes"; check the spelling',
      'scenarios/x.yaml:5:45: clients[1].options.command: Invalid input: expected array, received undefined',
      'scenarios/x.yaml:6:35: clients[2].options: client mysql-cli takes no options',
    ]);
  });

  it('asks for quoted versions, since YAML reads 15.10 as 15.1', () => {
    expect(problemsOf(validMatrix.replace('version: "15.9"', 'version: 15.10'), matrix)).toEqual([
      'scenarios/x.yaml:2:55: servers[1].version: must be a string; quote it, e.g. "15.8" (YAML reads 15.10 as 15.1)',
    ]);
  });
});

describe('checks that used to wait for the run', () => {
  it('compiles regular expressions in expect', () => {
    const text = validScenario.replace('/alert internal error/', '/alert (internal error/');
    expect(problemsOf(text)).toEqual([
      'scenarios/x.yaml:12:39: steps[2].expect.error.message: is not a valid regular expression: Invalid regular expression: /alert (internal error/: Unterminated group',
    ]);
  });

  it('keeps servers on loopback', () => {
    expect(problemsOf(validScenario.replace('steps:', "server:\n  settings: { listen_addresses: '*' }\nsteps:"))).toEqual([
      'scenarios/x.yaml:5:33: server.settings.listen_addresses: may not be set: servers listen on loopback (127.0.0.1) only; listen_addresses would expose this one to the network',
    ]);
    const mysqlMatrix = `title: m\nservers: [{ engine: mysql, version: "9.7", settings: { bind-address: 0.0.0.0, mysqlx_bind_address: '*' } }]\nclients: [mysql2]\nscenarios: [x]\n`;
    expect(problemsOf(mysqlMatrix, matrix)).toEqual([
      'scenarios/x.yaml:2:70: servers[0].settings.bind-address: may not be set: servers listen on loopback only; bind-address would change the address mysqld listens on',
      'scenarios/x.yaml:2:100: servers[0].settings.mysqlx_bind_address: may not be set: servers listen on loopback only; mysqlx_bind_address would change the address the X plugin listens on',
    ]);
  });

  it("rejects the TLS files compatlab sets for server.tls, instead of overwriting them; without server.tls they are the scenario's", () => {
    const own =
      'server:\n  tls: true\n  settings: { ssl_cert_file: /etc/my.crt, SSL_KEY_FILE: /etc/my.key, ssl_min_protocol_version: TLSv1.3 }\nsteps:';
    expect(problemsOf(validScenario.replace('steps:', own))).toEqual([
      'scenarios/x.yaml:6:30: server.settings.ssl_cert_file: may not be set: compatlab sets ssl_cert_file for `server.tls` (its own CA and certificate); to use your own files, set `server.tls: false` and the TLS settings yourself',
      'scenarios/x.yaml:6:57: server.settings.SSL_KEY_FILE: may not be set: compatlab sets ssl_key_file for `server.tls` (its own CA and certificate); to use your own files, set `server.tls: false` and the TLS settings yourself',
    ]);
    expect(
      parseFile('scenarios/x.yaml', validScenario.replace('steps:', own.replace('tls: true', 'tls: false')), scenario).value.server
        .settings,
    ).toEqual({
      ssl_cert_file: '/etc/my.crt',
      SSL_KEY_FILE: '/etc/my.key',
      ssl_min_protocol_version: 'TLSv1.3',
    });
    const mysqlMatrix = `title: m\nservers: [{ engine: mysql, version: "9.7", settings: { ssl-cert: /etc/my.crt } }]\nclients: [mysql2]\nscenarios: [x]\n`;
    expect(problemsOf(mysqlMatrix, matrix)).toEqual([
      'scenarios/x.yaml:2:66: servers[0].settings.ssl-cert: may not be set: compatlab sets ssl_cert in every scenario with `server.tls`; set it in a scenario with `server.tls: false`',
    ]);
  });

  it('rejects two clients with one name, and servers of unknown engines', () => {
    const text = `title: m\nservers: [oracle@23]\nclients: [mysql2, { driver: mysql2, name: mysql2 }]\nscenarios: [x]\n`;
    expect(problemsOf(text, matrix)).toEqual([
      `scenarios/x.yaml:2:11: servers[0]: unknown engine "oracle"; known engines: ${engineNames.join(', ')}`,
      'scenarios/x.yaml:3:43: clients[1].name: "mysql2" is already the name of clients[0]; give each client its own name',
    ]);
  });
});
