import type Dockerode from 'dockerode';
import type { ContainerRuntimeClient } from 'testcontainers';
import { InfraError, SkipError, errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/context.js';
import { labRepositoryPrefix } from './images.js';
import type { ImageHint } from './lab-images.js';

export interface LocalImage {
  name: string;
  /** `sha256:…` */
  id: string;
  entrypoint: string[];
  /** The image's STOPSIGNAL, if it declares one. */
  stopSignal?: string;
}

const pullTimeoutMs = 60_000;

/**
 * Returns the image if it is present, without contacting any registry (testcontainers would ask the
 * registry even for a cached image on some paths); otherwise pulls it once, with a time limit.
 * Lab images exist only here, so they are never pulled. An image that cannot be had makes the
 * server's cells skipped, not errors.
 */
export async function ensureImage(
  client: ContainerRuntimeClient,
  name: string,
  logger: Logger,
  signal: AbortSignal,
  /** What to tell the user when the image cannot be had; only asked then. */
  hint: (isLabImage: boolean) => Promise<ImageHint>,
): Promise<LocalImage> {
  const dockerode = client.container.dockerode;
  const present = await inspectImage(dockerode, name);
  if (present) return present;
  if (isLabImage(name)) {
    const { text, machineLacks } = await hint(true);
    throw new SkipError(`image ${name} is not present; ${text}`, { machineLacks });
  }
  logger.progress(`pulling ${name}…`);
  try {
    await pull(client, name, AbortSignal.any([signal, AbortSignal.timeout(pullTimeoutMs)]));
  } catch (error) {
    signal.throwIfAborted();
    const problem = pullProblem(error);
    // The registry's own "no such image" is an answer about the image; anything else is about this machine's reach.
    throw new SkipError(`image ${name} is not present and could not be pulled (${problem}); ${(await hint(false)).text}`, {
      cause: error,
      machineLacks: !/manifest unknown|not found|does not exist/i.test(problem),
    });
  }
  const pulled = await inspectImage(dockerode, name);
  if (!pulled)
    throw new SkipError(`image ${name} was pulled but is still not present; ${(await hint(isLabImage(name))).text}`, {
      machineLacks: true,
    });
  return pulled;
}

async function inspectImage(dockerode: Dockerode, name: string): Promise<LocalImage | undefined> {
  try {
    const info = await dockerode.getImage(name).inspect();
    const entrypoint = info.Config.Entrypoint ?? [];
    return {
      name,
      id: info.Id,
      entrypoint: typeof entrypoint === 'string' ? [entrypoint] : entrypoint,
      // Docker's image config has it; @types/dockerode leaves it out.
      stopSignal: (info.Config as { StopSignal?: string }).StopSignal || undefined,
    };
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw new InfraError(`could not inspect image ${name}: ${errorMessage(error)}`, { cause: error });
  }
}

async function pull(client: ContainerRuntimeClient, name: string, signal: AbortSignal): Promise<void> {
  const dockerode = client.container.dockerode;
  // A registry that cannot be reached fails here at once (HTTP 500 from the engine).
  const stream = await dockerode.pull(name, { abortSignal: signal });
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    dockerode.modem.followProgress(stream, (error: Error | null) => {
      signal.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    });
  });
}

/** The engine's answer without the HTTP wrapping, e.g. `lookup registry-1.docker.io: no such host`. */
function pullProblem(error: unknown): string {
  const json = (error as { json?: { message?: string } }).json;
  const message = json?.message ?? errorMessage(error);
  return message.replace(/^\(HTTP code \d+\) [a-z ]+- /, '').trim();
}

function isLabImage(name: string): boolean {
  return name.startsWith(`${labRepositoryPrefix}/`);
}
