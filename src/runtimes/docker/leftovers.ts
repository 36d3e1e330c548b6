import type { ContainerRuntimeClient } from 'testcontainers';
import { labels } from './labels.js';
import { processExists } from '../process-exists.js';

// Moved to be shared with the local runtime; still importable from here.

export interface LabelledContainer {
  id: string;
  server: string;
  runId: string;
  pid: number;
  state: string;
  /** The compatlab process that started it still exists (on this machine's process table). */
  ownerAlive: boolean;
}

/** Every container compatlab started, running or not. */
export async function compatlabContainers(client: ContainerRuntimeClient): Promise<LabelledContainer[]> {
  const found = await client.container.dockerode.listContainers({ all: true, filters: { label: [labels.run] } });
  return found.map((c) => {
    const pid = Number(c.Labels[labels.pid]);
    return {
      id: c.Id,
      server: c.Labels[labels.server] ?? '?',
      runId: c.Labels[labels.run] ?? '?',
      pid,
      state: c.State,
      ownerAlive: processExists(pid),
    };
  });
}

export async function removeContainer(client: ContainerRuntimeClient, id: string): Promise<void> {
  await client.container.dockerode
    .getContainer(id)
    .remove({ force: true, v: true })
    .catch((error: unknown) => {
      // 404: gone already; 409 "already in progress": an AutoRemove container that stopped is going.
      const { statusCode, message } = error as { statusCode?: number; message?: string };
      if (statusCode !== 404 && !(statusCode === 409 && /already in progress/.test(message ?? ''))) throw error;
    });
}
