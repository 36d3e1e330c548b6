import semver from 'semver';

/** What the npm registry publishes for a package, or undefined when it cannot be asked (offline). */
export interface Published {
  versions: string[];
  latest?: string;
}

export type VersionChoice = { version: string; from: 'bundled' | 'cache' | 'registry' } | { problem: string };

/**
 * Which version of a driver runs for a requested version (exact, range or `latest`).
 * An exact version or a range is served by the bundled copy or the cache when they fit, so an
 * installed version is reused offline; a range asks the registry for its newest match first,
 * as npm would, and falls back to what is here when the registry cannot be reached.
 */
export function chooseVersion(requested: string, bundled: string, cached: string[], published: Published | undefined): VersionChoice {
  const local = (version: string) => ({ version, from: version === bundled ? ('bundled' as const) : ('cache' as const) });
  const here = [bundled, ...cached];
  if (semver.valid(requested)) {
    const exact = semver.clean(requested)!;
    if (here.includes(exact)) return local(exact);
    if (!published) return { problem: `${exact} is not in the cache and the npm registry cannot be reached` };
    return published.versions.includes(exact)
      ? { version: exact, from: 'registry' }
      : { problem: `${exact} is not published (newest: ${published.latest ?? 'none'})` };
  }
  if (published) {
    const wanted = requested === 'latest' ? published.latest : semver.maxSatisfying(published.versions, requested);
    if (!wanted) return { problem: `no published version matches ${requested} (newest: ${published.latest ?? 'none'})` };
    return here.includes(wanted) ? local(wanted) : { version: wanted, from: 'registry' };
  }
  const offline = requested === 'latest' ? semver.rsort([...here])[0] : semver.maxSatisfying(here, requested);
  return offline ? local(offline) : { problem: `nothing here matches ${requested} and the npm registry cannot be reached` };
}
