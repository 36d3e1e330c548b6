import type { Socket } from 'node:net';
import type { ContainerRuntimeClient } from 'testcontainers';

/**
 * compatlab's end of a container's stdin (created with `OpenStdin` and `StdinOnce`), held for the
 * server's life. The kernel closes it when this process dies, however it dies; the supervisor
 * (supervisor.ts) then stops the server and the container removes itself (AutoRemove).
 */
export async function holdStdin(client: ContainerRuntimeClient, id: string): Promise<{ release(): void }> {
  const stream = await client.container.dockerode.getContainer(id).attach({ stream: true, stdin: true, hijack: true });
  // Nothing is ever written; a dropped link is seen by the supervisor, which says so in the server log.
  stream.on('error', () => {});
  // Idle for the server's life: no client timeout (DOCKER_CLIENT_TIMEOUT) may end it.
  (stream as Partial<Socket>).setTimeout?.(0);
  return { release: () => (stream as NodeJS.ReadWriteStream & { destroy(): void }).destroy() };
}
