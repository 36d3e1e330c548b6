import type { AdminSession, Engine } from '../core/engine.js';
import { InfraError } from '../core/errors.js';
import { observedError } from '../core/observed-error.js';
import type { RunningServer } from '../runtimes/runtime.js';

/** An admin session for `use`; aborting `signal` closes it, which ends a statement still running. */
export async function withAdmin<T>(
  server: RunningServer,
  engine: Engine,
  use: (admin: AdminSession) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  let admin: AdminSession;
  try {
    admin = await engine.admin(server);
  } catch (error) {
    throw new InfraError(`cannot open an admin connection to ${server.spec.label}: ${observedError(error).message}`, { cause: error });
  }
  const close = () => void admin[Symbol.asyncDispose]();
  signal?.addEventListener('abort', close, { once: true });
  try {
    return await use(admin);
  } finally {
    signal?.removeEventListener('abort', close);
    await admin[Symbol.asyncDispose]();
  }
}
