import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// compatlab's own tests import `compatlab/vitest` as a user's project does; in the repository it is the source.
const source = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const alias = [
  { find: /^compatlab\/vitest$/, replacement: source('./src/vitest.ts') },
  { find: /^compatlab$/, replacement: source('./src/index.ts') },
];

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['src/**/*.test.ts', 'test/support/**/*.test.ts'] },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/support/**'],
          // Real servers on a 2-core machine: one file at a time, generous timeouts.
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 300_000,
          hookTimeout: 300_000,
          env: { TESTCONTAINERS_RYUK_DISABLED: 'true' },
        },
      },
    ],
  },
});
