import { InfraError } from './errors.js';

/** A step or action that did not finish in its time: the harness gave up on it. */
export class DeadlineError extends InfraError {
  constructor(
    what: string,
    readonly ms: number,
  ) {
    super(`${what} did not finish within ${ms / 1000} s`);
  }
}

/**
 * Runs `work` with a signal that aborts when `signal` (the run's) aborts, after `ms`, or once `work`
 * settles: whichever loses the race is told to stop instead of running on. A timeout rejects with an
 * InfraError naming `what`; an abort of the run rejects with the run's reason.
 */
export async function withDeadline<T>(
  what: string,
  ms: number,
  signal: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const settled = new AbortController();
  const timeout = AbortSignal.timeout(ms);
  const combined = AbortSignal.any([settled.signal, timeout, ...(signal ? [signal] : [])]);
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(timeout.aborted ? new DeadlineError(what, ms) : (combined.reason as Error));
    if (combined.aborted) onAbort();
    else combined.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => {});
  try {
    return await Promise.race([work(combined), aborted]);
  } finally {
    combined.removeEventListener('abort', onAbort);
    settled.abort(new Error(`${what}: finished`));
  }
}
