import { clientScratchDir } from '../../core/private-file.js';
import { keptRowsOf } from '../../core/evidence-value.js';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClientEnvironment, ClientSession, ConnectionOutcome, ConnectionRequest } from '../../core/client.js';
import { InfraError, SkipError } from '../../core/errors.js';
import { shortText } from './short-text.js';
import { Program, type ProgramCommand } from './program.js';
import { startWithSpare } from './spare-programs.js';
import { getEngine } from '../../engines/index.js';
import { processOutcome, protocolVersion, type ProcessOutcome, type ProcessRequest } from './protocol.js';

/** The client's own part of each request, made from the rest of it (a JDBC client puts its URL here). */
export type RequestOptions = (request: Omit<ProcessRequest, 'options'>) => Record<string, unknown>;

/** Time a program gets beyond the request's own timeout to report that timeout before it is killed. */
const answerGraceMs = 2000;

/**
 * A cell's connections through one client program, started once per cell (a JVM keeps its TLS
 * session cache across them) and started again when it exits after an answer with status 0. Passwords go
 * through a file only this user can read, deleted after the answer: never argv, never the request.
 */
export class ProgramSession implements ClientSession {
  /** What the program said it is, from its latest answer. */
  client: ProcessOutcome['client'];
  private program: Program | undefined;
  private files = new Map<string, Promise<string>>();
  private count = 0;

  private constructor(
    private readonly command: ProgramCommand,
    private readonly env: ClientEnvironment,
    private readonly options: RequestOptions,
    private readonly dir: string,
  ) {}

  /** Starts the program now, so its start-up overlaps the cell's set-up steps. */
  static async start(command: ProgramCommand, env: ClientEnvironment, options: RequestOptions, dir?: string): Promise<ProgramSession> {
    dir ??= await clientScratchDir();
    const session = new ProgramSession(command, env, options, dir);
    session.program = command.spare ? startWithSpare(command) : new Program(command);
    return session;
  }

  async connect(request: ConnectionRequest): Promise<ConnectionOutcome> {
    if (!this.program?.running) {
      // A program may end after each answer; one that died would be replaced by one without its state (TLS sessions, a pool).
      if (this.program && !this.program.exitedCleanly)
        throw new InfraError(
          `${this.program.describe()} ${this.program.exitText()} after an answer${this.program.stderrNote()}; the cell's later connections would not share its state, so they are not run`,
        );
      this.program = new Program(this.command);
    }
    const program = this.program;
    const passwordFile = path.join(this.dir, `password-${++this.count}`);
    await writeFile(passwordFile, request.password, { mode: 0o600 });
    let line: string;
    let wire: ProcessRequest;
    try {
      wire = await this.wireRequest(request, passwordFile);
      const signal = AbortSignal.any([request.signal, AbortSignal.timeout(request.timeoutMs + answerGraceMs)]);
      line = await program.ask(JSON.stringify(wire), signal);
    } catch (error) {
      if (error instanceof SkipError) throw new SkipError(`step "${request.name}": ${error.message}`, { machineLacks: error.machineLacks });
      throw error;
    } finally {
      await rm(passwordFile, { force: true });
    }
    const outcome = parseOutcome(line);
    if (!outcome.success) {
      await program.kill();
      throw new InfraError(
        `${program.describe()} answered with something that is not an outcome (${outcome.error}): ${shortText(line)}${program.stderrNote()}`,
      );
    }
    const { data } = outcome;
    if (data.unsupported !== undefined) throw new SkipError(`step "${request.name}": ${data.unsupported}`);
    this.client = data.client ?? this.client;
    const error = data.error ?? (data.ok ? undefined : { message: 'failed (the client program gave no error)' });
    const statements = data.statements?.map(({ rows, ...s }) => ({ ...s, ...(rows ? keptRowsOf(rows, s.rowCount ?? rows.length) : {}) }));
    // A program that does not say what its driver received has received the request's options (a JDBC URL).
    return { ok: data.ok, error, tls: data.tls, auth: data.auth, statements, driverConfig: data.config ?? wire.options };
  }

  private async wireRequest(request: ConnectionRequest, passwordFile: string): Promise<ProcessRequest> {
    const wire = await this.baseRequest(request, passwordFile);
    return { ...wire, options: this.options(wire) };
  }

  private async baseRequest(request: ConnectionRequest, passwordFile: string): Promise<Omit<ProcessRequest, 'options'>> {
    const { server } = this.env;
    const serverPublicKey =
      request.settings.serverPublicKey === 'file' ? await this.file('server-public-key.pem', () => this.env.serverPublicKey()) : undefined;
    return {
      protocol: protocolVersion,
      connection: request.name,
      engine: getEngine(server.spec.engine).protocol,
      host: server.host,
      port: server.port,
      user: request.user,
      database: request.database,
      passwordFile,
      settings: request.settings,
      files: { ca: await this.file('ca.pem', async () => (await this.env.ctx.tls()).caCert), serverPublicKey },
      resumeTlsSessionFrom: request.resumeTlsSessionFrom,
      sql: request.sql,
      timeoutMs: request.timeoutMs,
    };
  }

  private file(name: string, content: () => Promise<string>): Promise<string> {
    let written = this.files.get(name);
    if (!written) {
      const file = path.join(this.dir, name);
      written = content().then(async (text) => (await writeFile(file, text, { mode: 0o600 }), file));
      this.files.set(name, written);
    }
    return written;
  }

  /** After disposal: whether the last program ended by itself, with exit code 0. */
  get exitedCleanly(): boolean {
    return this.program?.exitedCleanly ?? false;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.program?.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}

function parseOutcome(line: string): { success: true; data: ProcessOutcome } | { success: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { success: false, error: 'not JSON' };
  }
  const result = processOutcome.safeParse(json);
  if (result.success) return result;
  const issue = result.error.issues[0];
  return { success: false, error: `${issue?.path.join('.') || 'outcome'}: ${issue?.message}` };
}
