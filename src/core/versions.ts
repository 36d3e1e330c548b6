/** Orders dotted versions numerically: `14.9` < `14.13`; a missing part counts as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map(Number);
  const pb = b.split(/[.-]/).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** `14.13` asks for any 14.13.x, `8.0` for any 8.0.x, `8.0.31` for that one; the newest that matches wins. */
export function pickVersion(published: readonly string[], wanted: string): string | undefined {
  const matching = published.filter((v) => v === wanted || v.startsWith(`${wanted}.`));
  return [...matching].sort(compareVersions).at(-1);
}

/** Sorted, without duplicates. */
export function uniqueVersions(versions: Iterable<string>): string[] {
  return [...new Set(versions)].sort(compareVersions);
}
