// Only the range parser: `validate` must not load all of semver.
import validRange from 'semver/ranges/valid.js';
import { clientNames, clients } from '../clients/index.js';
import { engineNames } from '../engines/index.js';

/** `postgres@15.8`: an engine from the registry and a server version. */
export interface EngineRef {
  engine: string;
  version: string;
}

/** `pg`, `pg@8.7.3`, `mysql2@^2`, `pg@latest`: a client from the registry and the driver version asked for. */
export interface DriverRef {
  driver: string;
  /** Exact, a semver range or `latest`; absent means the version compatlab ships. */
  version?: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** A server version is numeric (`15.8`, `8.0.18`); YAML reads an unquoted `15.10` as 15.1, so it must be a string. */
export function serverVersionProblem(version: string): string | undefined {
  return /^\d+(\.\d+){0,2}$/.test(version) ? undefined : `version "${version}" must look like "15.8" or "8.0.18"`;
}

/** A driver version is an exact version, a semver range or `latest`. */
export function driverVersionProblem(version: string): string | undefined {
  return version === 'latest' || validRange(version) !== null
    ? undefined
    : `version "${version}" must be an exact version (8.7.3), a semver range (^8) or latest`;
}

/** The one parser of `ENGINE@VERSION`. */
export function parseEngineRef(text: string): Parsed<EngineRef> {
  const [engine = '', version, ...rest] = text.split('@');
  if (version === undefined || rest.length > 0)
    return { ok: false, message: `"${text}" must look like ENGINE@VERSION, e.g. postgres@15.8` };
  if (!engineNames.includes(engine)) return { ok: false, message: `unknown engine "${engine}"; known engines: ${engineNames.join(', ')}` };
  const problem = serverVersionProblem(version);
  return problem ? { ok: false, message: problem } : { ok: true, value: { engine, version } };
}

/** The one parser of `DRIVER@VERSION` (or a bare `DRIVER`). */
export function parseDriverRef(text: string): Parsed<DriverRef> {
  // `@` may also start a scoped package name, but drivers are registry names, never scoped.
  const at = text.indexOf('@');
  const driver = at < 0 ? text : text.slice(0, at);
  const version = at < 0 ? undefined : text.slice(at + 1);
  if (!clientNames.includes(driver)) return { ok: false, message: `unknown client "${driver}"; known clients: ${clientNames.join(', ')}` };
  const client = clients[driver];
  const problem = client?.versionProblem
    ? client.versionProblem(version)
    : version === undefined
      ? undefined
      : driverVersionProblem(version);
  if (problem) return { ok: false, message: problem };
  return { ok: true, value: version === undefined ? { driver } : { driver, version } };
}

/** The label a client gets when the matrix gives it no name: `pg`, `pg@8.7.3`. */
export function driverLabel(ref: DriverRef): string {
  return ref.version === undefined ? ref.driver : `${ref.driver}@${ref.version}`;
}
