import semver from 'semver';
import type { OpenedClient } from './client.js';
import type { ClientSpec } from './specs.js';

/**
 * Why an opened client is not what the matrix asked for, else undefined. Checked by the runner for every
 * client, before a step runs, so that no client can run a stand-in: `jdbc@42.1.4` that would run the
 * Debian jar's 42.5.5 is skipped with the reason, never run and labelled with the version asked for.
 */
export function versionMismatch(spec: ClientSpec, opened: OpenedClient): string | undefined {
  const { driver, version: requested } = spec;
  const { version } = opened;
  if (requested === undefined || requested === 'latest') return undefined;
  // Exactly what was asked, whatever its scheme (Maven's `0.9.5.5`, `42.2.28.jre7`), as the client reports it.
  if (sameVersion(version, requested)) return undefined;
  const range = requested.replace(/^v/, '');
  // The version as given (`0.0.0-20240101000000-abcdef123456`, `v1.8.1`), else the first version in it (`42.5.5 (PostgreSQL JDBC Driver)`).
  const resolved = semver.parse(version, { loose: true }) ?? semver.coerce(version, { loose: true });
  if (resolved === null)
    return `${driver}@${requested} was asked for, and the version that would run is not known (${version}): it is not run in its place`;
  if (semver.validRange(range, { loose: true }) !== null && semver.satisfies(resolved, range, { loose: true, includePrerelease: true }))
    return undefined;
  return `${driver}@${requested} was asked for, and what would run is ${version}${opened.origin ? ` (${opened.origin})` : ''}: it is not run in its place`;
}

/** `42.2.28.jre7` is `42.2.28.jre7`, also as `42.2.28.jre7 (PostgreSQL JDBC Driver)` or `v1.8.1` for `1.8.1`. */
function sameVersion(version: string, requested: string): boolean {
  const first = version.split(' ')[0]!.replace(/^v/, '');
  return first === requested.replace(/^v/, '');
}
