import { describe, expect, it } from 'vitest';
import { parseFile } from '../config/load.js';
import { matrix, scenario } from '../config/schema.js';
import { InputError } from '../core/errors.js';
import { expandPlan } from './expand.js';

const pgScenario = (id: string, extra = '') =>
  parseFile(`scenarios/${id}.yaml`, `id: ${id}\ntitle: t\nengine: postgres\n${extra}steps:\n  - connect: c\n`, scenario);
const mysqlScenario = parseFile('scenarios/my.yaml', 'id: my-auth\ntitle: t\nengine: mysql\nsteps:\n  - connect: c\n', scenario);

const pgMatrix = parseFile(
  'matrix/m.yaml',
  `title: m
servers: [postgres@15.6, postgres@15.8, mysql@9.7]
clients: [pg, { driver: mysql2, name: mysql2-plain }]
scenarios: [pg-tls-*, my-auth]
knownFailures:
  - where: { server: postgres@15.8, scenario: pg-tls-resume }
    link: https://example.org/bug
`,
  matrix,
);

describe('expandPlan', () => {
  const scenarios = [pgScenario('pg-tls-resume'), pgScenario('pg-tls-plain'), mysqlScenario];

  it('crosses servers, clients and scenarios of the same engine', () => {
    const plan = expandPlan([pgMatrix], scenarios);
    expect(plan.cells.map((c) => c.id)).toEqual([
      'postgres@15.6/pg/pg-tls-resume',
      'postgres@15.8/pg/pg-tls-resume',
      'postgres@15.6/pg/pg-tls-plain',
      'postgres@15.8/pg/pg-tls-plain',
      'mysql@9.7/mysql2-plain/my-auth',
    ]);
  });

  it('groups cells by the server they can share', () => {
    const plan = expandPlan([pgMatrix], scenarios);
    expect(plan.groups.map((g) => [g.server.label, g.cells.length])).toEqual([
      ['postgres@15.6', 2],
      ['postgres@15.8', 2],
      ['mysql@9.7', 1],
    ]);
  });

  it('gives a scenario that cannot share its server a server of its own', () => {
    const plan = expandPlan([pgMatrix], [pgScenario('pg-tls-resume', 'shareServer: false\n'), pgScenario('pg-tls-plain'), mysqlScenario]);
    expect(plan.groups).toHaveLength(5);
  });

  it('does not share servers whose configuration differs', () => {
    const plan = expandPlan([pgMatrix], [pgScenario('pg-tls-resume', 'server:\n  tls: true\n'), pgScenario('pg-tls-plain'), mysqlScenario]);
    expect(plan.groups.map((g) => g.server.label)).toEqual([
      'postgres@15.6',
      'postgres@15.8',
      'postgres@15.6',
      'postgres@15.8',
      'mysql@9.7',
    ]);
  });

  it('attaches known failures to the cells they select', () => {
    const plan = expandPlan([pgMatrix], scenarios);
    expect(plan.cells.filter((c) => c.knownFailure).map((c) => c.id)).toEqual(['postgres@15.8/pg/pg-tls-resume']);
  });

  it('lets --server replace the servers and --cell pick cells', () => {
    const plan = expandPlan([pgMatrix], scenarios, { servers: ['postgres@16.4'], cells: ['*/pg/pg-tls-plain'] });
    expect(plan.cells.map((c) => c.id)).toEqual(['postgres@16.4/pg/pg-tls-plain']);
  });

  it('rejects a scenario pattern that matches nothing, with its position', () => {
    const typo = parseFile('matrix/t.yaml', 'title: t\nservers: [postgres@15.8]\nclients: [pg]\nscenarios:\n  - pg-tsl-*\n', matrix);
    expect(() => expandPlan([typo], scenarios)).toThrow(
      new InputError([
        {
          file: 'matrix/t.yaml',
          line: 5,
          column: 5,
          field: 'scenarios[0]',
          message: '"pg-tsl-*" matches no scenario; known ids: pg-tls-resume, pg-tls-plain, my-auth',
        },
      ]),
    );
  });

  it('rejects two scenario files with the same id', () => {
    expect(() => expandPlan([pgMatrix], [...scenarios, pgScenario('pg-tls-plain')])).toThrow(
      /"pg-tls-plain" is already the id of scenarios\/pg-tls-plain.yaml/,
    );
  });
});

describe('expandPlan finds at validation what a run would trip over', () => {
  const problems = (matrixText: string): string[] => {
    try {
      expandPlan([parseFile('matrix/x.yaml', matrixText, matrix)], [pgScenario('pg-tls-resume', ''), mysqlScenario]);
    } catch (error) {
      if (error instanceof InputError) return error.message.split('\n');
      throw error;
    }
    return [];
  };

  it('a matrix that expands to no cell', () => {
    expect(problems('title: m\nservers: [mysql@9.7]\nclients: [pg]\nscenarios: [pg-*]\n')).toEqual([
      'matrix/x.yaml:2:10: servers: the matrix expands to no cell: no server runs the engine of its scenarios (postgres) with a client that speaks it',
    ]);
  });

  it('a known failure naming no step of its scenarios', () => {
    const text = `title: m\nservers: [postgres@15.8]\nclients: [pg]\nscenarios: [pg-*]\nknownFailures:\n  - where: { scenario: pg-tls-resume }\n    steps: [resumd]\n    link: https://example.org/bug\n`;
    expect(problems(text)).toEqual([
      'matrix/x.yaml:7:13: knownFailures[0].steps[0]: "resumd" names no step of pg-tls-resume; named steps: c',
    ]);
  });

  it('a known failure whose scenario glob matches none of the matrix', () => {
    const text = `title: m\nservers: [postgres@15.8]\nclients: [pg]\nscenarios: [pg-*]\nknownFailures:\n  - where: { scenario: pg-tls-resumption }\n    link: https://example.org/bug\n`;
    expect(problems(text)).toEqual([
      'matrix/x.yaml:6:24: knownFailures[0].where.scenario: "pg-tls-resumption" matches none of this matrix\'s scenarios: pg-tls-resume',
    ]);
  });
});
