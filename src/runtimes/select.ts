import { InfraError, UsageError } from '../core/errors.js';
import type { RunContext } from '../core/context.js';
import type { Runtime } from './runtime.js';

export const runtimeChoices = ['auto', 'local', 'docker'] as const;
export type RuntimeChoice = (typeof runtimeChoices)[number];

export interface RuntimeOptions {
  /** `--images`: hub, lab or a registry prefix; `COMPATLAB_IMAGES` or hub when absent. */
  images?: string;
}

/** `auto`: Docker when an engine answers (local binaries for images it cannot get), else local binaries. Says which and why. */
export async function selectRuntime(choice: string, ctx: RunContext, options: RuntimeOptions = {}): Promise<Runtime> {
  if (!(runtimeChoices as readonly string[]).includes(choice)) {
    throw new UsageError(`unknown runtime "${choice}"; available: ${runtimeChoices.join(', ')}`);
  }
  // Loaded on demand: the npm client (local) and testcontainers (docker) each take most of a second to import.
  const { LocalRuntime } = await import('./local/local-runtime.js');
  if (choice === 'local') return new LocalRuntime();
  const { probeDocker, startDockerHint } = await import('./docker/docker-client.js');
  const { resolveImageSource, describeImageSource } = await import('./docker/images.js');
  const images = resolveImageSource(options.images);
  const probe = await probeDocker();
  if (probe.ok) {
    const { DockerRuntime } = await import('./docker/docker-runtime.js');
    const { FallbackRuntime } = await import('./fallback-runtime.js');
    const why = choice === 'auto' ? `auto: ${probe.description} answered` : probe.description;
    ctx.logger.info(`runtime: docker (${why}; images: ${describeImageSource(images)})`);
    const docker = new DockerRuntime(probe.client, images);
    return choice === 'auto' ? new FallbackRuntime(docker, new LocalRuntime()) : docker;
  }
  if (choice === 'docker') throw new InfraError(`--runtime docker: no Docker engine answers (${probe.reason}); ${startDockerHint}`);
  ctx.logger.info(`runtime: local (auto: no Docker engine answers: ${probe.reason})`);
  return new LocalRuntime();
}
