/**
 * Bisection over an ordered list of versions, as mozregression does it: both ends first, then the
 * middle; a version that cannot run is skipped (its nearest runnable neighbour is tried instead),
 * never guessed. Finds a regression (good → bad) or a fix (bad → good) alike.
 */
import type { ProbeVerdict } from '../core/report.js';

export type SearchResult =
  | { kind: 'first-bad' | 'fixed-in'; version: string }
  /** The answer is one of `candidates`, but some of them could not run. */
  | { kind: 'skipped'; candidates: string[]; reason: string }
  | { kind: 'no-answer'; reason: string };

export async function bisectVersions(versions: string[], probe: (version: string) => Promise<ProbeVerdict>): Promise<SearchResult> {
  if (versions.length < 2) return { kind: 'no-answer', reason: `need two versions to compare, have ${versions.join(', ') || 'none'}` };
  const first = versions[0]!;
  const last = versions.at(-1)!;
  const [low, high] = [await probe(first), await probe(last)];
  if (low === 'skip' || high === 'skip') {
    return {
      kind: 'skipped',
      candidates: versions,
      reason: `cannot run ${[low === 'skip' ? first : '', high === 'skip' ? last : ''].filter(Boolean).join(' and ')}`,
    };
  }
  if (low === high) return { kind: 'no-answer', reason: `${first} and ${last} are both ${low}: nothing changed between them` };
  let lo = 0;
  let hi = versions.length - 1;
  const skipped = new Set<number>();
  for (;;) {
    const open = range(lo + 1, hi).filter((i) => !skipped.has(i));
    if (open.length === 0) break;
    const middle = (lo + hi) / 2;
    const next = open.sort((a, b) => Math.abs(a - middle) - Math.abs(b - middle) || a - b)[0]!;
    const verdict = await probe(versions[next]!);
    if (verdict === 'skip') skipped.add(next);
    else if (verdict === low) lo = next;
    else hi = next;
  }
  const unknown = range(lo + 1, hi).filter((i) => skipped.has(i));
  if (unknown.length > 0) {
    return {
      kind: 'skipped',
      candidates: [...unknown, hi].map((i) => versions[i]!),
      reason: `${versions[lo]} is ${low}, ${versions[hi]} is ${high}, and ${unknown.map((i) => versions[i]).join(', ')} could not run`,
    };
  }
  return { kind: low === 'good' ? 'first-bad' : 'fixed-in', version: versions[hi]! };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
