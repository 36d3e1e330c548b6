/** The files `compatlab init` writes: one small example that runs anywhere (a PostgreSQL server from npm binaries). */
const schemaLine = (kind: 'matrix' | 'scenario', depth: string) =>
  `# yaml-language-server: $schema=${depth}node_modules/compatlab/schema/${kind}.schema.json`;

export const initFiles: Record<string, string> = {
  'scenarios/postgres-login.yaml': `${schemaLine('scenario', '../')}
id: postgres-login
title: A new user logs in with a password
engine: postgres
steps:
  - create-user: { name: app } # the password is generated, never written down
  - connect: app
    user: app
    expect: ok
`,
  'matrix/postgres.yaml': `${schemaLine('matrix', '../')}
title: PostgreSQL 16 with node-postgres
servers: # ENGINE@VERSION; add the versions you run or plan to upgrade to
  - postgres@16.6
clients:
  - pg
scenarios: [postgres-*]
`,
  'test/compatlab.test.ts': `// One test per matrix cell (server/client/scenario); reports go to reports/test.
import { describeMatrices } from 'compatlab/vitest';

describeMatrices({ matrices: 'matrix/*.yaml' });
`,
};

export const githubWorkflow: Record<string, string> = {
  '.github/workflows/compatlab.yml': `name: compatlab
on: [push, pull_request]
jobs:
  matrix:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: 20, cache: npm }
      - run: npm ci
      - run: npm test
      - uses: actions/upload-artifact@v4
        if: always()
        with: { name: compatlab-reports, path: reports/ }
`,
};

export const gitignoreEntry = 'reports/';
