import './testcontainers-env.js';
import { getContainerRuntimeClient, type ContainerRuntimeClient } from 'testcontainers';
import { errorMessage } from '../../core/errors.js';

export type DockerProbe = { ok: true; client: ContainerRuntimeClient; description: string } | { ok: false; reason: string };

/** Asks for a Docker engine; gives up after `timeoutMs` so `--runtime auto` stays quick. */
export async function probeDocker(timeoutMs = 5_000): Promise<DockerProbe> {
  const attempt = (async (): Promise<DockerProbe> => {
    const client = await getContainerRuntimeClient();
    await client.container.dockerode.ping();
    const { serverVersion, operatingSystem } = client.info.containerRuntime;
    return { ok: true, client, description: `Docker ${serverVersion} on ${operatingSystem}` };
  })().catch((error: unknown): DockerProbe => ({ ok: false, reason: errorMessage(error) }));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DockerProbe>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: `no answer within ${timeoutMs / 1000} s` }), timeoutMs);
  });
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const startDockerHint =
  'start one (`sudo systemctl start docker`, or `bash .ci/docker-engine.sh start` in this repository) or use --runtime local';
