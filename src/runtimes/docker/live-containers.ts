import { spawnSync } from 'node:child_process';
import type { ContainerRuntimeClient } from 'testcontainers';
import { removeContainer } from './leftovers.js';
import { holdStdin } from './stdin-lifeline.js';

/**
 * This process's containers that are not removed yet. Normally each is removed as its server is
 * disposed; if the process exits first (a second Ctrl-C exits at once), a last synchronous sweep
 * with the docker command line removes the rest. If it is killed (SIGKILL, OOM), each container's
 * stdin, held here, closes and the container stops and removes itself (stdin-lifeline.ts).
 * `compatlab clean` covers what even that misses.
 */
export class LiveContainers {
  private readonly ids = new Map<string, { release(): void } | undefined>();
  private readonly sweep = () => {
    if (this.ids.size > 0) spawnSync('docker', ['rm', '--force', '--volumes', ...this.ids.keys()], { stdio: 'ignore', timeout: 10_000 });
  };

  constructor(private readonly client: ContainerRuntimeClient) {}

  /** Called before the container (created with `OpenStdin`) starts; holds its stdin from then on. */
  async add(id: string): Promise<void> {
    if (this.ids.size === 0) process.on('exit', this.sweep);
    this.ids.set(id, undefined);
    this.ids.set(id, await holdStdin(this.client, id));
  }

  /** Stops (SIGKILL) and removes the container with its anonymous volumes, then lets go of its stdin. */
  async remove(id: string): Promise<void> {
    try {
      await removeContainer(this.client, id);
    } finally {
      // A removal that failed is reported by the caller; the held stdin must not keep this process alive.
      this.ids.get(id)?.release();
      this.ids.delete(id);
      if (this.ids.size === 0) process.off('exit', this.sweep);
    }
  }
}
