import { describe, expect, it } from 'vitest';
import type { CellResult } from '../core/report.js';
import { foldRepeats } from './repeat.js';

const run = (id: string, status: CellResult['status'], reason?: string) => ({ id, status, reason, durationMs: 10 }) as CellResult;

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
});
