import { describe, expect, it } from 'vitest';
import type { ProbeVerdict } from '../core/report.js';
import { bisectVersions } from './search.js';

const versions = ['15.3', '15.4', '15.5', '15.6', '15.8', '15.9', '15.10'];

/** A probe from a table of verdicts that records the order of the probes. */
function table(verdicts: Record<string, ProbeVerdict>) {
  const probed: string[] = [];
  return {
    probed,
    probe: (v: string) => {
      probed.push(v);
      return Promise.resolve(verdicts[v] ?? 'skip');
    },
  };
}

describe('bisectVersions', () => {
  it('finds the first bad version, ends first', async () => {
    const t = table({ '15.3': 'good', '15.4': 'good', '15.5': 'good', '15.6': 'good', '15.8': 'bad', '15.9': 'bad', '15.10': 'bad' });
    expect(await bisectVersions(versions, t.probe)).toEqual({ kind: 'first-bad', version: '15.8' });
    expect(t.probed.slice(0, 2)).toEqual(['15.3', '15.10']);
    expect(t.probed.length).toBeLessThanOrEqual(5);
  });

  it('finds the fix when the first end is bad and the last good', async () => {
    const t = table({ '15.8': 'bad', '15.9': 'good', '15.10': 'good' });
    expect(await bisectVersions(['15.8', '15.9', '15.10'], t.probe)).toEqual({ kind: 'fixed-in', version: '15.9' });
    expect(t.probed).toEqual(['15.8', '15.10', '15.9']);
  });

  it('steps around a version that cannot run, and says when that leaves the answer open', async () => {
    const around = table({ '15.3': 'good', '15.4': 'good', '15.5': 'skip', '15.6': 'good', '15.8': 'bad', '15.9': 'bad', '15.10': 'bad' });
    expect(await bisectVersions(versions, around.probe)).toEqual({ kind: 'first-bad', version: '15.8' });
    const open = table({ '15.6': 'good', '15.8': 'skip', '15.9': 'bad' });
    expect(await bisectVersions(['15.6', '15.8', '15.9'], open.probe)).toEqual({
      kind: 'skipped',
      candidates: ['15.8', '15.9'],
      reason: '15.6 is good, 15.9 is bad, and 15.8 could not run',
    });
  });

  it('has no answer when both ends agree, and skips when an end cannot run', async () => {
    expect(await bisectVersions(['15.6', '15.9'], table({ '15.6': 'good', '15.9': 'good' }).probe)).toEqual({
      kind: 'no-answer',
      reason: '15.6 and 15.9 are both good: nothing changed between them',
    });
    expect((await bisectVersions(['14.13', '15.9'], table({ '15.9': 'good' }).probe)).kind).toBe('skipped');
  });
});

describe('versionsBetween', () => {
  it('lists published minors between the bounds in the order given', async () => {
    const { versionsBetween } = await import('./versions.js');
    const published = ['15.1', '15.10', '15.6', '15.8', '15.8', '15.9', '16.4'];
    expect(versionsBetween(published, '15.6', '15.10')).toEqual(['15.6', '15.8', '15.9', '15.10']);
    expect(versionsBetween(published, '15.9', '15.6')).toEqual(['15.9', '15.8', '15.6']);
  });
});
