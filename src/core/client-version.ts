import semver from 'semver';
import type { OpenedClient } from './client.js';
import type { ClientSpec } from './specs.js';

/**
 * Why an opened client is not what the matrix asked for, else undefined. Checked by the runner for every
 * client, before a step runs, so that no client can run a stand-in: `jdbc@42.1.4` that would run the
 * Debian jar's 42.5.5 is skipped with the reason, never run and labelled with the version asked for.
 */
export function versionMismatch(spec: ClientSpec, opened: OpenedClient): string | undefined {
  const parts = [{ name: spec.driver, requested: spec.version, version: opened.version }, ...(opened.parts ?? [])];
  for (const part of parts) {
    if (part.requested === undefined || part.requested === 'latest') continue;
    // Exactly what was asked, whatever its scheme (Maven's `0.9.5.5`, `42.2.28.jre7`), as the client reports it.
    if (part.version !== undefined && sameVersion(part.version, part.requested)) continue;
    if (semver.validRange(part.requested.replace(/^v/, ''), { loose: true }) === null) {
      return `${part.name}@${part.requested} was asked for, and what would run is ${part.version ?? 'not known'}${opened.origin ? ` (${opened.origin})` : ''}: it is not run in its place`;
    }
    // The version as given (`0.0.0-20240101000000-abcdef123456`, `v1.8.1`), else the first version in it (`42.5.5 (PostgreSQL JDBC Driver)`).
    const resolved =
      part.version === undefined ? null : (semver.parse(part.version, { loose: true }) ?? semver.coerce(part.version, { loose: true }));
    if (resolved === null) {
      return `${part.name}@${part.requested} was asked for, and the version that would run is not known${part.version ? ` (${part.version})` : ''}: it is not run in its place`;
    }
    if (!semver.satisfies(resolved, part.requested.replace(/^v/, ''), { loose: true, includePrerelease: true })) {
      return `${part.name}@${part.requested} was asked for, and what would run is ${part.version}${opened.origin ? ` (${opened.origin})` : ''}: it is not run in its place`;
    }
  }
  return undefined;
}

/** `42.2.28.jre7` is `42.2.28.jre7`, also as `42.2.28.jre7 (PostgreSQL JDBC Driver)` or `v1.8.1` for `1.8.1`. */
function sameVersion(version: string, requested: string): boolean {
  const first = version.split(' ')[0]!.replace(/^v/, '');
  return first === requested.replace(/^v/, '');
}
