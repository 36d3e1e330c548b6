import './testcontainers-env.js';
import { randomBytes } from 'node:crypto';
import type { ContainerRuntimeClient } from 'testcontainers';
import { getEngine } from '../../engines/index.js';
import type { Engine } from '../../core/engine.js';
import type { ServerOrigin } from '../../core/report.js';
import type { ServerSpec } from '../../core/specs.js';
import type { RunContext } from '../../core/context.js';
import { InfraError } from '../../core/errors.js';
import type { Runtime, RunningServer } from '../runtime.js';
import { containerTls, type ContainerTls } from './container-tls.js';
import { DockerServer } from './docker-server.js';
import { ensureImage, type LocalImage } from './ensure-image.js';
import { labHint } from './lab-images.js';
import { imageName, type ImageSource } from './images.js';
import { containerLabels } from './labels.js';
import { LiveContainers } from './live-containers.js';
import { ServerContainer, neverPull, noWait } from './server-container.js';
import { supervised } from './supervisor.js';
import { WarmImages, type WarmImage } from './warm-images.js';

interface Launch {
  image: LocalImage;
  admin: RunningServer['admin'];
  spec: ServerSpec;
  engine: Engine;
  tls?: ContainerTls;
  warm?: WarmImage['conventions'];
  /** The final server's ready line: 1 when the data exists, more when the image's init server logs it too. */
  readyTimes: number;
  /** The admin password the data has, when it is not `admin.password` yet. */
  dataPassword?: string;
  /** An init container for a warm image: stopped and committed, so it must not remove itself. */
  init?: boolean;
}

/** Runs each server in one container of its engine's official image (or a lab/mirror copy of it). */
export class DockerRuntime implements Runtime {
  readonly name = 'docker';
  /** Labels this run's containers, so they can be told apart from other runs'. */
  readonly runId = `${new Date().toISOString().replace(/[-:]|\.\d+Z$/g, '')}-${randomBytes(3).toString('hex')}`;
  private readonly live: LiveContainers;
  private readonly warmImages: WarmImages;

  constructor(
    private readonly client: ContainerRuntimeClient,
    private readonly images: ImageSource,
    /** Start containers from data initialised once (`false`: every container initialises its own). */
    private readonly warmStarts = process.env.COMPATLAB_WARM_STARTS !== '0',
  ) {
    this.live = new LiveContainers(client);
    this.warmImages = new WarmImages(client);
  }

  /** Nothing runs in the background: each container goes with its server. */
  [Symbol.asyncDispose](): Promise<void> {
    return Promise.resolve();
  }

  async start(spec: ServerSpec, ctx: RunContext): Promise<RunningServer> {
    const server = await this.startServer(spec, ctx);
    try {
      await getEngine(spec.engine).configure?.(server);
    } catch (error) {
      await server[Symbol.asyncDispose]();
      throw error;
    }
    return server;
  }

  private async startServer(spec: ServerSpec, ctx: RunContext): Promise<RunningServer> {
    const engine = getEngine(spec.engine);
    // Key generation runs in the thread pool while the engine looks up images and makes warm data.
    const material = spec.tls.enabled ? ctx.tls() : undefined;
    material?.catch(() => {}); // awaited below; a failure there is the one reported
    const image = await ensureImage(this.client, imageName(this.images, engine, spec.version), ctx.logger, ctx.signal, (isLab) =>
      labHint(spec.engine, spec.version, isLab, ctx),
    );
    const admin = { user: engine.container.adminUser, password: randomBytes(12).toString('hex'), database: engine.container.adminDatabase };
    ctx.secrets.add(admin.password);
    const warm = this.warmStarts
      ? await this.warmImages.get(image, engine, spec, ctx, async (base, initPassword) => {
          const init = await this.launch(
            {
              image: base,
              admin: { ...admin, password: initPassword },
              spec,
              engine,
              warm: engine.container.warm,
              readyTimes: engine.container.ready.times,
              init: true,
            },
            ctx,
          );
          return { id: init.containerId, dispose: () => init[Symbol.asyncDispose]() };
        })
      : undefined;
    const tls = material && containerTls(await material, spec.tls.clientCa, engine.container.serverUser);
    if (!warm) return this.launch({ image, admin, spec, engine, tls, readyTimes: engine.container.ready.times }, ctx);
    const server = await this.launch(
      { image: warm, admin, spec, engine, tls, warm: warm.conventions, readyTimes: 1, dataPassword: warm.initPassword },
      ctx,
      { runtime: 'docker', image: image.name, imageId: image.id, data: warm.made },
    );
    try {
      if (!server.log.all().some((line) => warm.conventions.foundData.test(line))) {
        throw new InfraError(
          `${spec.label}: the container from ${warm.name} did not find the data made for it (no "${warm.conventions.foundData.source}" in its log)`,
        );
      }
      await warm.conventions.resetAdminPassword(server, warm.initPassword);
      return server;
    } catch (error) {
      await server[Symbol.asyncDispose]();
      throw error;
    }
  }

  private async launch(
    launch: Launch,
    ctx: RunContext,
    origin: ServerOrigin = { runtime: 'docker', image: launch.image.name, imageId: launch.image.id },
  ): Promise<DockerServer> {
    const { image, engine, tls, warm } = launch;
    let containerId: string | undefined;
    const container = new ServerContainer(image.name, (id) => {
      containerId = id;
      return this.live.add(id);
    })
      .withEnvironment({ ...engine.container.env(launch.admin.password), ...warm?.env })
      .withCommand(engine.container.command([...engine.serverArgs(launch.spec, tls?.files), ...(warm?.args ?? [])]))
      .withLoopbackPort(engine.port)
      .withLabels(containerLabels(this.runId, launch.spec.label))
      .withPullPolicy(neverPull)
      .withWaitStrategy(noWait)
      .withDeadManSwitch(!launch.init);
    // The supervisor restarts the server process in place (`DockerServer.restart`), entrypoint included.
    container.withEntrypoint(supervised(tls ? tls.entrypoint(image.entrypoint) : image.entrypoint, image.stopSignal));
    if (tls) container.withCopyContentToContainer(tls.contents);
    ctx.signal.throwIfAborted();
    try {
      const started = await container.start();
      const server = new DockerServer(launch.spec, launch.admin, origin, engine, started, this.client, this.live, ctx.signal);
      await server.attachLog();
      await server.waitUntilReady(0, launch.readyTimes, launch.dataPassword);
      return server;
    } catch (error) {
      // Also reached when Ctrl-C arrives mid-start: the container exists from `containerCreated` on.
      if (containerId) await this.live.remove(containerId);
      throw error;
    }
  }
}
