/**
 * Matrix cells as tests in your own vitest run:
 *
 *   // test/matrices.test.ts
 *   import { describeMatrices } from 'compatlab/vitest';
 *   describeMatrices({ matrices: 'matrix/*.yaml' });
 */
export { describeMatrices, type MatricesOptions } from './vitest/describe-matrices.js';
