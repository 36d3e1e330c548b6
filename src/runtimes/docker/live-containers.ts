import { spawnSync } from 'node:child_process';
import type { ContainerRuntimeClient } from 'testcontainers';
import { removeContainer } from './leftovers.js';

/**
 * This process's containers that are not removed yet. Normally each is removed as its server is
 * disposed; if the process exits first (a second Ctrl-C exits at once), a last synchronous sweep
 * with the docker command line removes the rest. `compatlab clean` covers what even that misses.
 */
export class LiveContainers {
  private readonly ids = new Set<string>();
  private readonly sweep = () => {
    if (this.ids.size > 0) spawnSync('docker', ['rm', '--force', '--volumes', ...this.ids], { stdio: 'ignore', timeout: 10_000 });
  };

  constructor(private readonly client: ContainerRuntimeClient) {}

  add(id: string): void {
    if (this.ids.size === 0) process.on('exit', this.sweep);
    this.ids.add(id);
  }

  /** Stops (SIGKILL) and removes the container with its anonymous volumes. */
  async remove(id: string): Promise<void> {
    await removeContainer(this.client, id);
    this.ids.delete(id);
    if (this.ids.size === 0) process.off('exit', this.sweep);
  }
}
