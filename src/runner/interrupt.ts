import type { Logger } from '../core/context.js';

/**
 * The first Ctrl-C or SIGTERM aborts the run: servers are stopped and removed as the runner unwinds.
 * A second one exits at once.
 */
export function onInterrupt(abort: AbortController, logger: Logger): Disposable {
  const handler = (signal: NodeJS.Signals) => {
    if (abort.signal.aborted) {
      logger.warn(`${signal} again: exiting without cleaning up; \`compatlab clean\` removes what is left`);
      process.exit(130);
    }
    logger.warn(`${signal}: stopping servers and cleaning up (press Ctrl-C again to exit at once)`);
    abort.abort(new Error(`interrupted by ${signal}`));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    [Symbol.dispose]() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
