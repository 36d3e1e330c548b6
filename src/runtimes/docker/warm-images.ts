import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import type { ContainerRuntimeClient } from 'testcontainers';
import type { RunContext } from '../../core/context.js';
import type { Engine, WarmConventions } from '../../core/engine.js';
import { InfraError, errorMessage } from '../../core/errors.js';
import { readJsonFile, writePrivateJson } from '../../core/private-file.js';
import type { ServerSpec } from '../../core/specs.js';
import type { LocalImage } from './ensure-image.js';

/** An image whose data directory was initialised once by the image's own entrypoint, then committed. */
export interface WarmImage extends LocalImage {
  conventions: WarmConventions;
  /** The admin password the data was made with; each container re-sets it to its run's password. */
  initPassword: string;
  /** For the report: how the data was made. */
  made: string;
}

/** Starts a container of `image` and returns once its server is ready; the caller removes it. */
export type InitContainer = (image: LocalImage, initPassword: string) => Promise<{ id: string; dispose(): Promise<void> }>;

export const warmRepositoryPrefix = 'compatlab-warm';
export const warmLabel = 'dev.compatlab.warm';
/** Bump when what goes into a warm image changes, so old ones are not used. */
const format = 1;

/**
 * Warm images, keyed by the base image's ID, the engine and the server settings (which the image's
 * init step also runs with). They are kept across runs; the init password of each is kept in the
 * cache directory (mode 0600), never in the image. Within a run, one is made at most once.
 */
export class WarmImages {
  private readonly making = new Map<string, Promise<WarmImage>>();

  constructor(private readonly client: ContainerRuntimeClient) {}

  get(base: LocalImage, engine: Engine, spec: ServerSpec, ctx: RunContext, init: InitContainer): Promise<WarmImage> | undefined {
    const conventions = engine.container.warm;
    if (!conventions) return undefined;
    const key = createHash('sha256')
      .update(JSON.stringify({ format, base: base.id, engine: engine.name, settings: spec.settings, conventions }))
      .digest('hex')
      .slice(0, 16);
    let warm = this.making.get(key);
    if (!warm) {
      warm = this.findOrMake(`${warmRepositoryPrefix}/${engine.name}:${key}`, base, engine, conventions, ctx, init);
      this.making.set(key, warm);
      // A failed attempt may be retried by the next server.
      warm.catch(() => this.making.delete(key));
    }
    return warm;
  }

  private async findOrMake(
    name: string,
    base: LocalImage,
    engine: Engine,
    conventions: WarmConventions,
    ctx: RunContext,
    init: InitContainer,
  ): Promise<WarmImage> {
    const found = await this.inspect(name);
    const record = found && (await readRecord(ctx.cacheDir, found.Id));
    if (found && record) return this.warmImage(name, found, base, conventions, record.initPassword);
    ctx.logger.progress(`initialising ${base.name} once for warm starts…`);
    const initPassword = randomBytes(12).toString('hex');
    ctx.secrets.add(initPassword);
    const container = await init(base, initPassword);
    const dockerode = this.client.container.dockerode;
    try {
      const handle = dockerode.getContainer(container.id);
      await handle.stop({ t: 60 }); // a clean shutdown, so the data needs no recovery at each start
      const baseConfig = (await dockerode.getImage(base.id).inspect()).Config;
      const [repo, tag] = name.split(':') as [string, string];
      // Docker adds the container's environment to the committed config unless the key is given:
      // the variables that carried the init password are kept, empty, as containers set them anyway.
      const initEnv = Object.keys(engine.container.env(initPassword)).map((k) => `${k}=`);
      await handle.commit({
        _query: { container: container.id, repo, tag, comment: `compatlab: ${base.name} initialised by its entrypoint` },
        _body: {
          ...baseConfig,
          Env: [...(baseConfig.Env ?? []), ...initEnv],
          Labels: { ...baseConfig.Labels, [warmLabel]: `initialised from ${base.name} (${base.id})` },
        },
      });
    } finally {
      await container.dispose();
    }
    const made = await this.inspect(name);
    if (!made) throw new InfraError(`docker commit did not make ${name}`);
    if (JSON.stringify(made.Config).includes(initPassword)) throw new InfraError(`${name} holds the init password in its config`);
    await writeRecord(ctx.cacheDir, made.Id, { initPassword, base: base.id });
    // One made by a run with another cache directory, now untagged: removed unless a container uses it.
    if (found && found.Id !== made.Id)
      await dockerode
        .getImage(found.Id)
        .remove()
        .catch(() => {});
    return this.warmImage(name, made, base, conventions, initPassword, 'now');
  }

  private warmImage(
    name: string,
    info: { Id: string; Created: string },
    base: LocalImage,
    conventions: WarmConventions,
    initPassword: string,
    when = `on ${info.Created.slice(0, 19).replace('T', ' ')} UTC`,
  ): WarmImage {
    return {
      name,
      id: info.Id,
      entrypoint: base.entrypoint,
      stopSignal: base.stopSignal,
      conventions,
      initPassword,
      made: `data initialised once by the image's entrypoint ${when === 'now' ? 'in this run' : when}, kept as ${name} (${info.Id}); admin password set at start`,
    };
  }

  private async inspect(name: string) {
    try {
      return await this.client.container.dockerode.getImage(name).inspect();
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw new InfraError(`could not inspect image ${name}: ${errorMessage(error)}`, { cause: error });
    }
  }
}

interface WarmRecord {
  initPassword: string;
  base: string;
}

export const recordFile = (cacheDir: string, imageId: string) =>
  path.join(cacheDir, 'warm-images', `${imageId.replace(/^sha256:/, '')}.json`);

async function readRecord(cacheDir: string, imageId: string): Promise<WarmRecord | undefined> {
  // None: made elsewhere or the cache was cleared: make it again.
  return (await readJsonFile(recordFile(cacheDir, imageId))) as WarmRecord | undefined;
}

function writeRecord(cacheDir: string, imageId: string, record: WarmRecord): Promise<void> {
  return writePrivateJson(recordFile(cacheDir, imageId), record);
}
