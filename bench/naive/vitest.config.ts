import { defineConfig } from 'vitest/config';

// The naive suite runs only from `npm run bench` (bench/run.ts), never in `npm test`.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { TESTCONTAINERS_RYUK_DISABLED: 'true' },
  },
});
