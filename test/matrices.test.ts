/**
 * Every matrix in matrix/ as tests, exactly as a user's project declares them: one test per cell, named
 * `server/client/scenario`, so `npm test -- -t postgres@15.8` runs just those. Reports go to reports/test.
 */
import { describeMatrices } from 'compatlab/vitest';

describeMatrices({ matrices: 'matrix/*.yaml' });
