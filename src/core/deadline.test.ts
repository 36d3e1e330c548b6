import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { withDeadline } from './deadline.js';

describe('withDeadline', () => {
  it('returns what the work returns and then aborts its signal, so nothing keeps running', async () => {
    let signal: AbortSignal | undefined;
    const value = await withDeadline('work', 1_000, undefined, (s) => {
      signal = s;
      return Promise.resolve(42);
    });
    expect([value, signal?.aborted]).toEqual([42, true]);
  });

  it('rejects with a message naming the work when time runs out, and aborts the loser', async () => {
    let loser: AbortSignal | undefined;
    const work = withDeadline('connect step "first"', 20, undefined, (s) => {
      loser = s;
      return new Promise<never>(() => {});
    });
    await expect(work).rejects.toThrow('connect step "first" did not finish within 0.02 s');
    expect(loser?.aborted).toBe(true);
  });

  it("rejects with the run's reason when the run is aborted", async () => {
    const run = new AbortController();
    const work = withDeadline('step', 10_000, run.signal, () => sleep(10_000));
    run.abort(new Error('interrupted by SIGINT'));
    await expect(work).rejects.toThrow('interrupted by SIGINT');
  });
});
