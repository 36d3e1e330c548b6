import { rm } from 'node:fs/promises';
import type { ContainerRuntimeClient } from 'testcontainers';
import { labels } from './labels.js';
import { processExists } from '../process-exists.js';
import { recordFile, warmLabel } from './warm-images.js';

export interface StoredWarmImage {
  id: string;
  /** Its tags (`compatlab-warm/postgres:<key>`); none when a newer one took the tag. */
  names: string[];
  /** Containers made from it, in any state. */
  usedBy: { id: string; pid?: number }[];
}

/** The warm images on the engine (label `dev.compatlab.warm`), optionally only those of one repository. */
export async function storedWarmImages(client: ContainerRuntimeClient, repository?: string): Promise<StoredWarmImage[]> {
  const dockerode = client.container.dockerode;
  const filters = { label: [warmLabel], ...(repository ? { reference: [repository] } : {}) };
  const [images, containers] = await Promise.all([dockerode.listImages({ filters }), dockerode.listContainers({ all: true })]);
  return images.map((image) => ({
    id: image.Id,
    names: (image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>'),
    usedBy: containers
      .filter((c) => c.ImageID === image.Id)
      .map((c) => ({ id: c.Id, pid: c.Labels[labels.pid] === undefined ? undefined : Number(c.Labels[labels.pid]) })),
  }));
}

/** The compatlab processes that still run containers: they may start more servers from warm images. */
export async function runningCompatlabPids(client: ContainerRuntimeClient): Promise<number[]> {
  const containers = await client.container.dockerode.listContainers({ all: true, filters: { label: [labels.run] } });
  const pids = new Set(containers.map((c) => Number(c.Labels[labels.pid])));
  return [...pids].filter(processExists).sort((a, b) => a - b);
}

/**
 * Removes the image without force, so Docker still refuses while a container uses it, and the init
 * password kept for it in the cache directory.
 */
export async function removeWarmImage(client: ContainerRuntimeClient, image: StoredWarmImage, cacheDir: string): Promise<void> {
  const dockerode = client.container.dockerode;
  // By tag: removing an image by ID fails while it has more than one.
  for (const name of image.names.length > 0 ? image.names : [image.id]) await dockerode.getImage(name).remove();
  await rm(recordFile(cacheDir, image.id), { force: true });
}
