import './testcontainers-env.js';
import { GenericContainer, type ImagePullPolicy, type WaitStrategy } from 'testcontainers';

/** The image was checked (or pulled) just before; testcontainers must not contact a registry. */
export const neverPull: ImagePullPolicy = { shouldPull: () => false };

/** compatlab waits on the server log itself (abortable, and it knows about restarts and init servers). */
export const noWait: WaitStrategy = {
  waitUntilReady: async () => {},
  withStartupTimeout() {
    return this;
  },
  isStartupTimeoutSet: () => false,
  getStartupTimeout: () => 0,
};

/** A GenericContainer that publishes on 127.0.0.1 only and says its id as soon as it exists. */
export class ServerContainer extends GenericContainer {
  constructor(
    image: string,
    private readonly onCreated: (containerId: string) => Promise<void>,
  ) {
    super(image);
  }

  /** Test servers with throw-away passwords are not for the network. */
  withLoopbackPort(port: number): this {
    this.withExposedPorts(port);
    const bindings = this.hostConfig.PortBindings as Record<string, { HostIp?: string; HostPort: string }[]>;
    this.hostConfig.PortBindings = { ...bindings, [`${port}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: '0' }] };
    return this;
  }

  /**
   * Stdin stays open for compatlab to hold (stdin-lifeline.ts); `StdinOnce` ends it when compatlab lets go.
   * `autoRemove`: a container that stops goes by itself (not an init container, which is committed).
   */
  withDeadManSwitch(autoRemove: boolean): this {
    this.createOpts.OpenStdin = true;
    this.createOpts.StdinOnce = true;
    this.hostConfig.AutoRemove = autoRemove;
    return this;
  }

  // Called before the container starts, so an interrupted start can still remove it.
  protected override containerCreated(containerId: string): Promise<void> {
    return this.onCreated(containerId);
  }
}
