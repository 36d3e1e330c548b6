import './testcontainers-env.js';
import { getContainerRuntimeClient, type ContainerRuntimeClient } from 'testcontainers';
import { withDeadline } from '../../core/deadline.js';
import { errorMessage } from '../../core/errors.js';

export type DockerProbe = { ok: true; client: ContainerRuntimeClient; description: string } | { ok: false; reason: string };

/** Asks for a Docker engine; gives up after `timeoutMs` so `--runtime auto` stays quick. */
export async function probeDocker(timeoutMs = 5_000): Promise<DockerProbe> {
  return withDeadline('the Docker engine', timeoutMs, undefined, async (): Promise<DockerProbe> => {
    const client = await getContainerRuntimeClient();
    await client.container.dockerode.ping();
    const { serverVersion, operatingSystem } = client.info.containerRuntime;
    return { ok: true, client, description: `Docker ${serverVersion} on ${operatingSystem}` };
  }).catch((error: unknown): DockerProbe => ({ ok: false, reason: errorMessage(error) }));
}

export const startDockerHint =
  'start one (`sudo systemctl start docker`, or `bash .ci/docker-engine.sh start` in this repository) or use --runtime local';
