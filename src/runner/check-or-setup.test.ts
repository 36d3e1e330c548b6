import { describe, expect, it } from 'vitest';
import { parseFile } from '../config/load.js';
import { scenario } from '../config/schema.js';
import type { StepResult } from '../core/report.js';
import { classify } from './classify.js';
import { isCheck } from './run-cell.js';

const steps = parseFile(
  'scenarios/s.yaml',
  `id: s
title: t
engine: postgres
steps:
  - create-user: { name: app }
  - sql: CREATE TABLE t (x int)
  - sql: SELECT pg_input_is_valid('42', 'integer')
    name: admin-check
    expect: ok
  - restart:
    expect: { error: refused }
  - connect: plain
    user: app
`,
  scenario,
).value.steps;

describe('check or set-up', () => {
  it('makes a step that states an expect, or a connection, a check; any other step set-up', () => {
    expect(steps.map(isCheck)).toEqual([false, false, true, true, true]);
  });

  it('names the rows a connection returned when they are not the expected ones', () => {
    const returned: StepResult = {
      index: 4,
      name: 'plain',
      kind: 'connect',
      summary: 'connect "plain" as app',
      expected: { ok: true },
      outcome: { ok: true },
      met: false,
      durationMs: 1,
      evidence: { serverLog: [], rows: { expected: [['1']], returned: [['2']] } },
    };
    expect(classify([returned], undefined)).toEqual({ status: 'fail', reason: 'plain returned [["2"]] (expected rows [["1"]])' });
  });
});
