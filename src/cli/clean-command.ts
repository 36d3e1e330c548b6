import pc from 'picocolors';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/context.js';
import { localLeftovers, removeLocalLeftover } from './local-leftovers.js';

export interface CleanOptions {
  /** Also what running compatlab processes are using. */
  all?: boolean;
}

/**
 * Removes what runs left behind: containers labelled `dev.compatlab.run` and the local runtime's
 * data directories. By default only those whose compatlab process is gone; `--all` removes every one.
 */
export async function cleanCommand(options: CleanOptions, logger: Logger): Promise<number> {
  logger.info(
    options.all
      ? 'removing every compatlab container and local data directory, also those of runs still going'
      : 'removing leftovers of compatlab runs that are no longer running (--all: also those of running ones)',
  );
  const removed = (await cleanContainers(options, logger)) + (await cleanLocal(options, logger));
  logger.info(removed === 0 ? 'nothing to remove' : `removed ${removed}`);
  return 0;
}

async function cleanContainers(options: CleanOptions, logger: Logger): Promise<number> {
  const { probeDocker } = await import('../runtimes/docker/docker-client.js');
  const { compatlabContainers, removeContainer } = await import('../runtimes/docker/leftovers.js');
  const probe = await probeDocker();
  if (!probe.ok) {
    logger.info(pc.dim(`containers: no Docker engine answers (${probe.reason}); nothing to do there`));
    return 0;
  }
  let removed = 0;
  for (const container of await compatlabContainers(probe.client)) {
    const what = `container ${container.id.slice(0, 12)} (${container.server}, run ${container.runId}, ${container.state})`;
    if (container.ownerAlive && !options.all) {
      logger.info(pc.dim(`kept ${what}: compatlab process ${container.pid} is still running`));
      continue;
    }
    try {
      await removeContainer(probe.client, container.id);
      logger.info(`removed ${what}${container.ownerAlive ? '' : `: compatlab process ${container.pid} is gone`}`);
      removed++;
    } catch (error) {
      logger.warn(`could not remove ${what}: ${errorMessage(error)}`);
    }
  }
  return removed;
}

async function cleanLocal(options: CleanOptions, logger: Logger): Promise<number> {
  let removed = 0;
  for (const leftover of await localLeftovers()) {
    if (leftover.inUse && !options.all) {
      const why =
        leftover.owner !== undefined
          ? `compatlab process ${leftover.owner} is still running`
          : leftover.postmaster
            ? `its postgres (pid ${leftover.postmaster}) belongs to a running compatlab`
            : 'it was just created';
      logger.info(pc.dim(`kept ${leftover.dir}: ${why}`));
      continue;
    }
    try {
      await removeLocalLeftover(leftover);
      const owner = leftover.owner !== undefined ? `: compatlab process ${leftover.owner} is gone` : '';
      logger.info(`removed ${leftover.dir}${leftover.postmaster ? ` after stopping postgres (pid ${leftover.postmaster})` : ''}${owner}`);
      removed++;
    } catch (error) {
      logger.warn(`could not remove ${leftover.dir}: ${errorMessage(error)}`);
    }
  }
  return removed;
}
