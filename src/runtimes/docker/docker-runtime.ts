import './testcontainers-env.js';
import { randomBytes } from 'node:crypto';
import type { ContainerRuntimeClient } from 'testcontainers';
import { getEngine } from '../../engines/index.js';
import type { ServerSpec } from '../../core/specs.js';
import type { RunContext } from '../../core/context.js';
import type { Runtime, RunningServer } from '../runtime.js';
import { containerTls } from './container-tls.js';
import { DockerServer } from './docker-server.js';
import { ensureImage } from './ensure-image.js';
import { labHint } from './lab-images.js';
import { imageName, type ImageSource } from './images.js';
import { containerLabels } from './labels.js';
import { LiveContainers } from './live-containers.js';
import { ServerContainer, neverPull, noWait } from './server-container.js';

/** Runs each server in one container of its engine's official image (or a lab/mirror copy of it). */
export class DockerRuntime implements Runtime {
  readonly name = 'docker';
  /** Labels this run's containers, so they can be told apart from other runs'. */
  readonly runId = `${new Date().toISOString().replace(/[-:]|\.\d+Z$/g, '')}-${randomBytes(3).toString('hex')}`;

  private readonly live: LiveContainers;

  constructor(
    private readonly client: ContainerRuntimeClient,
    private readonly images: ImageSource,
  ) {
    this.live = new LiveContainers(client);
  }

  async start(spec: ServerSpec, ctx: RunContext): Promise<RunningServer> {
    const engine = getEngine(spec.engine);
    const image = await ensureImage(this.client, imageName(this.images, engine, spec.version), ctx.logger, ctx.signal, (isLab) =>
      labHint(spec.engine, spec.version, isLab, ctx),
    );
    const admin = { user: engine.container.adminUser, password: randomBytes(12).toString('hex'), database: engine.container.adminDatabase };
    ctx.secrets.add(admin.password);
    const tls = spec.tls.enabled ? containerTls(await ctx.tls(), spec.tls.clientCa, engine.container.serverUser) : undefined;

    let containerId: string | undefined;
    const container = new ServerContainer(image.name, (id) => {
      containerId = id;
      this.live.add(id);
    })
      .withEnvironment(engine.container.env(admin.password))
      .withCommand(engine.container.command(engine.serverArgs(spec, tls?.files)))
      .withLoopbackPort(engine.port)
      .withLabels(containerLabels(this.runId, spec.label))
      .withPullPolicy(neverPull)
      .withWaitStrategy(noWait);
    if (tls) container.withEntrypoint(tls.entrypoint(image.entrypoint)).withCopyContentToContainer(tls.contents);

    ctx.signal.throwIfAborted();
    try {
      const started = await container.start();
      const origin = { runtime: 'docker' as const, image: image.name, imageId: image.id };
      const server = new DockerServer(spec, admin, origin, engine, started, this.client, this.live, ctx.signal);
      await server.attachLog();
      await server.waitUntilReady(0, engine.container.ready.times);
      return server;
    } catch (error) {
      // Also reached when Ctrl-C arrives mid-start: the container exists from `containerCreated` on.
      if (containerId) await this.live.remove(containerId);
      throw error;
    }
  }
}
