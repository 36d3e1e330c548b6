import pc from 'picocolors';
import type { ContainerRuntimeClient } from 'testcontainers';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/context.js';
import { defaultCacheDir } from '../runner/session.js';
import { localLeftovers, removeLocalLeftover } from './local-leftovers.js';

export interface CleanOptions {
  /** Also what running compatlab processes are using. */
  all?: boolean;
  /** Also the warm-start images (`compatlab-warm/*`) that no container uses. */
  warmImages?: boolean;
}

/**
 * Removes what runs left behind: containers labelled `dev.compatlab.run` and the local runtime's
 * data directories. By default only those whose compatlab process is gone; `--all` removes every one.
 * With `warmImages`, also the warm-start images, which are a cache rather than leftovers.
 */
export async function cleanCommand(options: CleanOptions, logger: Logger): Promise<number> {
  logger.info(
    options.all
      ? 'removing every compatlab container and local data directory, also those of runs still going'
      : 'removing leftovers of compatlab runs that are no longer running (--all: also those of running ones)',
  );
  const { probeDocker } = await import('../runtimes/docker/docker-client.js');
  const probe = await probeDocker();
  let removed = 0;
  if (probe.ok) {
    removed += await cleanContainers(probe.client, options, logger);
  } else {
    logger.info(
      pc.dim(`containers${options.warmImages ? ' and images' : ''}: no Docker engine answers (${probe.reason}); nothing to do there`),
    );
  }
  removed += await cleanLocal(options, logger);
  if (probe.ok && options.warmImages) removed += await cleanWarmImages(probe.client, options, logger);
  logger.info(removed === 0 ? 'nothing to remove' : `removed ${removed}`);
  return 0;
}

/**
 * Warm images that no container uses; while a compatlab run still has containers, only with `all`, as it may
 * start servers from them at any moment. `scope` narrows it to one repository (tests) and names the cache.
 */
export async function cleanWarmImages(
  client: ContainerRuntimeClient,
  options: CleanOptions,
  logger: Logger,
  scope: { repository?: string; cacheDir: string } = { cacheDir: defaultCacheDir() },
): Promise<number> {
  const { removeWarmImage, runningCompatlabPids, storedWarmImages } = await import('../runtimes/docker/warm-image-cleanup.js');
  const running = options.all ? [] : await runningCompatlabPids(client);
  let removed = 0;
  for (const image of await storedWarmImages(client, scope.repository)) {
    const what = `image ${image.names.join(', ') || image.id}`;
    const user = image.usedBy[0];
    if (user) {
      logger.info(pc.dim(`kept ${what}: container ${user.id.slice(0, 12)}${user.pid ? ` of compatlab process ${user.pid}` : ''} uses it`));
      continue;
    }
    if (running.length > 0) {
      const who = `compatlab ${running.length === 1 ? 'process' : 'processes'} ${running.join(', ')}`;
      logger.info(pc.dim(`kept ${what}: ${who} may start servers from it (--all: remove it anyway)`));
      continue;
    }
    try {
      await removeWarmImage(client, image, scope.cacheDir);
      logger.info(`removed ${what}`);
      removed++;
    } catch (error) {
      logger.warn(`could not remove ${what}: ${errorMessage(error)}`);
    }
  }
  return removed;
}

async function cleanContainers(client: ContainerRuntimeClient, options: CleanOptions, logger: Logger): Promise<number> {
  const { compatlabContainers, removeContainer } = await import('../runtimes/docker/leftovers.js');
  let removed = 0;
  for (const container of await compatlabContainers(client)) {
    const what = `container ${container.id.slice(0, 12)} (${container.server}, run ${container.runId}, ${container.state})`;
    if (container.ownerAlive && !options.all) {
      logger.info(pc.dim(`kept ${what}: compatlab process ${container.pid} is still running`));
      continue;
    }
    try {
      await removeContainer(client, container.id);
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
      logger.info(`removed ${leftover.dir}${leftover.postmaster ? ` after stopping its server (pid ${leftover.postmaster})` : ''}${owner}`);
      removed++;
    } catch (error) {
      logger.warn(`could not remove ${leftover.dir}: ${errorMessage(error)}`);
    }
  }
  return removed;
}
