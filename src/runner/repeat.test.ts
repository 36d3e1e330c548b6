import { describe, expect, it } from 'vitest';
import type { CellResult } from '../core/report.js';
import { foldRepeats } from './repeat.js';

const run = (id: string, status: CellResult['status'], reason?: string, matrixFile = 'matrix/m.yaml') =>
  ({ id, matrixFile, status, reason, durationMs: 10, steps: [] }) as unknown as CellResult;

describe('foldRepeats', () => {
  it('keeps the status of runs that agree, with the count', () => {
    const [cell] = foldRepeats([run('a', 'pass'), run('a', 'pass'), run('a', 'pass')]);
    expect([cell?.status, cell?.repeats, cell?.durationMs]).toEqual([
      'pass',
      { runs: 3, passes: 3, outcomes: [{ status: 'pass', reason: undefined, count: 3 }] },
      30,
    ]);
  });

  it('calls runs that disagree flaky, never pass, and lists every distinct outcome', () => {
    const [cell] = foldRepeats([run('a', 'pass'), run('a', 'fail', 'resumed failed: x'), run('a', 'pass')]);
    expect(cell?.status).toBe('flaky');
    expect(cell?.reason).toBe('passed 2 of 3 runs: 2× pass; 1× fail (resumed failed: x)');
  });

  it('keeps cells apart and in order', () => {
    expect(foldRepeats([run('a', 'pass'), run('b', 'fail'), run('a', 'pass'), run('b', 'fail')]).map((c) => [c.id, c.status])).toEqual([
      ['a', 'pass'],
      ['b', 'fail'],
    ]);
  });

  it('keeps cells of two matrices apart although they share an id', () => {
    const folded = foldRepeats([
      run('a', 'pass'),
      run('a', 'fail', 'x', 'matrix/other.yaml'),
      run('a', 'pass'),
      run('a', 'fail', 'x', 'matrix/other.yaml'),
    ]);
    expect(folded.map((c) => [c.matrixFile, c.status, c.repeats?.runs])).toEqual([
      ['matrix/m.yaml', 'pass', 2],
      ['matrix/other.yaml', 'fail', 2],
    ]);
  });

  it('counts failures that differ only in connection ids and ports as one outcome', () => {
    const [cell] = foldRepeats([
      run('a', 'fail', 'c failed: Access denied (conn=15) at 127.0.0.1:33061'),
      run('a', 'fail', 'c failed: Access denied (conn=16) at 127.0.0.1:40112'),
      run('a', 'fail', 'c failed: Access denied (conn=17) at 127.0.0.1:40113'),
    ]);
    expect([cell?.status, cell?.repeats?.outcomes.map((o) => o.count)]).toEqual(['fail', [3]]);
  });

  it('tells failures apart by their error codes', () => {
    const failing = (code: string) =>
      ({
        ...run('a', 'fail', 'c failed'),
        steps: [{ index: 1, name: 'c', met: false, outcome: { ok: false, error: { code, message: 'x' } } }],
      }) as unknown as CellResult;
    const [cell] = foldRepeats([failing('28000'), failing('28000'), failing('08006')]);
    expect([cell?.status, cell?.repeats?.outcomes.map((o) => o.count)]).toEqual(['flaky', [2, 1]]);
    const withServerCode = (serverCode: number) =>
      ({
        ...run('a', 'fail', 'c failed'),
        steps: [{ index: 1, name: 'c', met: false, outcome: { ok: false, error: { serverCode, message: `conn=${serverCode}` } } }],
      }) as unknown as CellResult;
    const [numeric] = foldRepeats([withServerCode(1045), withServerCode(1045), withServerCode(1251)]);
    expect(numeric?.repeats?.outcomes.map((o) => o.count)).toEqual([2, 1]);
  });

  it('folds a skipped cell that was not run again into one run', () => {
    const skipped = run('a', 'skipped', 'no jar');
    expect(foldRepeats([skipped, skipped, skipped]).map((c) => [c.status, c.repeats?.runs])).toEqual([['skipped', 1]]);
  });
});
