import type { Duplex } from 'node:stream';
import type { ContainerRuntimeClient } from 'testcontainers';
import { withDeadline } from '../../core/deadline.js';
import { InfraError, errorMessage } from '../../core/errors.js';
import type { ExecResult } from '../../core/server.js';
import { ResponseReader, requestLine, shellScript, type ShellEvent } from './shell-protocol.js';

type DockerContainer = ReturnType<ContainerRuntimeClient['container']['getById']>;
type Env = Record<string, string> | undefined;
/** One `docker exec` per command: for images whose shell lacks what the session needs. */
type OneExec = (argv: string[], env: Env) => Promise<ExecResult>;
/** docker-modem's demultiplexer only calls `write` on its outputs. */
type Demux = (stream: Duplex, stdout: { write(chunk: Buffer): void }, stderr: { write(chunk: Buffer): void }) => void;

const openTimeoutMs = 15_000;

/**
 * Runs commands in a container through one long-lived shell session (`shell-protocol.ts`), one at
 * a time, started with the first command. An aborted command takes its session down, and a session
 * that died with its container's processes is noticed; either way the next command opens a new one.
 */
export class ContainerShell {
  private session?: Session;
  private oneExecOnly = false;
  private turn = Promise.resolve();
  private closed = false;

  constructor(
    private readonly container: DockerContainer,
    private readonly oneExec: OneExec,
  ) {}

  async run(argv: string[], env: Env, signal: AbortSignal): Promise<ExecResult> {
    const request = requestLine(argv, env);
    const previous = this.turn;
    let done = () => {};
    const mine = new Promise<void>((resolve) => (done = resolve));
    this.turn = previous.then(() => mine);
    try {
      await previous;
      signal.throwIfAborted();
      if (this.closed) throw new InfraError('the container is being removed');
      if (!this.oneExecOnly && !this.session?.alive) {
        const opened = await Session.open(this.container, signal);
        if (opened) this.session = opened;
        else this.oneExecOnly = true;
      }
      if (this.oneExecOnly || !this.session) return await this.oneExec(argv, env);
      return await this.session.run(request, argv[0] ?? '', signal);
    } finally {
      done();
    }
  }

  /** Ends the session; what it still runs goes with the container. */
  close(): void {
    this.closed = true;
    this.session?.close();
  }
}

/** One `sh` started with `docker exec -i`: requests on its stdin, responses on its stdout. */
class Session {
  alive = true;
  private readonly reader = new ResponseReader();
  private waiter?: { resolve(event: ShellEvent): void; reject(error: Error): void };
  private failure?: Error;
  private stderr = '';

  private constructor(
    private readonly socket: Duplex,
    demux: Demux,
  ) {
    demux(
      socket,
      { write: (chunk) => this.onStdout(chunk) },
      { write: (chunk) => (this.stderr = (this.stderr + chunk.toString('utf8')).slice(-2000)) },
    );
    socket.on('error', (error) => (this.failure ??= error));
    socket.on('close', () => {
      this.alive = false;
      const why = this.failure ? errorMessage(this.failure) : 'it ended (did the container stop or restart?)';
      this.waiter?.reject(
        new InfraError(`the shell session in the container failed: ${why}${this.stderr ? `; it said: ${this.stderr.trim()}` : ''}`),
      );
    });
  }

  /** A ready session, or undefined when the image cannot hold one (no sh, base64 or mktemp). */
  static async open(container: DockerContainer, signal: AbortSignal): Promise<Session | undefined> {
    return withDeadline('opening a shell session in the container', openTimeoutMs, signal, async (signal) => {
      const exec = await container.exec({
        Cmd: ['sh', '-c', shellScript, 'compatlab-shell'],
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
      });
      const socket = await exec.start({ hijack: true, stdin: true });
      const modem = container.modem as { demuxStream: Demux };
      const session = new Session(socket, modem.demuxStream.bind(modem));
      let hello: ShellEvent | undefined;
      try {
        hello = await session.next(signal);
      } catch (error) {
        session.close();
        // Ended before saying hello: no `sh` in the image.
        if (signal.aborted || session.failure) throw error;
      }
      if (hello?.kind === 'ready') return session;
      session.close();
      if (hello?.kind === 'result') throw new InfraError('the shell session in the container answered before it was asked');
      return undefined;
    });
  }

  async run(request: string, program: string, signal: AbortSignal): Promise<ExecResult> {
    const answer = this.next(signal);
    this.socket.write(request);
    const event = await answer;
    if (event.kind === 'result') return event.result;
    this.close();
    throw new InfraError(`the shell session in the container said ${event.kind} while running ${program}`);
  }

  close(): void {
    this.alive = false;
    this.socket.destroy();
  }

  /** The next event; an abort closes the session, since its command may still run. */
  private next(signal: AbortSignal): Promise<ShellEvent> {
    return new Promise((resolve, reject) => {
      if (!this.alive) return reject(new InfraError('the shell session in the container has ended'));
      const settle = () => {
        signal.removeEventListener('abort', onAbort);
        this.waiter = undefined;
      };
      const onAbort = () => {
        settle();
        this.close();
        reject(signal.reason as Error);
      };
      this.waiter = {
        resolve: (event) => (settle(), resolve(event)),
        reject: (error) => (settle(), reject(error)),
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private onStdout(chunk: Buffer): void {
    try {
      for (const event of this.reader.push(chunk)) {
        if (!this.waiter) throw new Error('the shell session in the container printed without being asked');
        this.waiter.resolve(event);
      }
    } catch (error) {
      this.failure ??= error as Error;
      this.close();
    }
  }
}
