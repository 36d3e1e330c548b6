import { describe, expect, it } from 'vitest';
import type { Cell, ServerGroup } from '../plan/plan.js';
import { CellQueue, copyPays, type Lane, type QueuedCell } from './cell-queue.js';

function group(label: string, cells: number): ServerGroup {
  const server = { engine: 'postgres', version: label, tls: { enabled: false, clientCa: false }, settings: {}, label, key: label };
  return { server, cells: Array.from({ length: cells }, (_, i) => ({ id: `${label}/${i}`, server }) as unknown as Cell) };
}

/** Takes every cell one worker gets, starting without a server. */
function drain(queue: CellQueue, canCopy?: (g: ServerGroup) => boolean): QueuedCell[] {
  const taken: QueuedCell[] = [];
  let lane: Lane | undefined;
  for (let next = queue.next(lane, canCopy); next; next = queue.next(lane, canCopy)) {
    taken.push(next);
    lane = next.lane;
  }
  return taken;
}

describe('CellQueue', () => {
  it('keeps a worker on its server until the group is done, then moves to the next group', () => {
    const queue = new CellQueue([group('a', 2), group('b', 1)]);
    const taken = drain(queue);
    expect(taken.map((t) => [t.cell.id, t.position, t.lane.server.key])).toEqual([
      ['a/0', 0, 'a'],
      ['a/1', 1, 'a'],
      ['b/0', 2, 'b'],
    ]);
  });

  it('gives a second worker another group first, and says which group starts next', () => {
    const queue = new CellQueue([group('a', 2), group('b', 2), group('c', 2)]);
    const first = queue.next(undefined);
    const second = queue.next(undefined);
    expect([first?.cell.id, second?.cell.id]).toEqual(['a/0', 'b/0']);
    expect(queue.upcoming()?.key).toBe('c');
  });

  it('starts a copy of the group with the most cells left when no group is waiting', () => {
    const queue = new CellQueue([group('a', 5)]);
    const first = queue.next(undefined)!;
    const copy = queue.next(undefined)!;
    expect(copy.cell.id).toBe('a/1');
    expect(copy.lane).toMatchObject({ replica: 2, server: { key: 'a#copy-2', label: 'a #2', version: 'a' } });
    expect(queue.next(first.lane)?.cell.id).toBe('a/2');
    expect(queue.upcoming()).toBeUndefined();
  });

  it('copies no group with fewer cells left than a server start is worth, nor one that may not be copied', () => {
    const queue = new CellQueue([group('a', 2), group('b', 3)]);
    queue.next(undefined);
    queue.next(undefined);
    // a has 1 left, b has 2 but may not be copied
    expect(queue.next(undefined, (g) => g.server.key !== 'b')).toBeUndefined();
  });

  it("hands a given-back cell out again; rest() has what no worker took, on the group's own server", () => {
    const queue = new CellQueue([group('a', 3)]);
    const first = queue.next(undefined)!;
    const copy = queue.next(undefined)!;
    queue.giveBack(copy);
    expect(queue.next(first.lane)?.cell.id).toBe('a/1');
    const again = queue.next(undefined, () => false);
    expect(again).toBeUndefined();
    expect(queue.rest().map((r) => [r.cell.id, r.lane.server.key])).toEqual([['a/2', 'a']]);
  });

  it('hands out every position exactly once across workers', () => {
    const queue = new CellQueue([group('a', 4), group('b', 1), group('c', 6)]);
    const lanes: (Lane | undefined)[] = [undefined, undefined, undefined];
    const positions: number[] = [];
    for (let round = 0; round < 20; round++) {
      for (const [i, lane] of lanes.entries()) {
        const next = queue.next(lane);
        if (!next) continue;
        lanes[i] = next.lane;
        positions.push(next.position);
      }
    }
    expect(positions.sort((x, y) => x - y)).toEqual(Array.from({ length: 11 }, (_, i) => i));
  });
});

describe('copyPays', () => {
  it('copies while nothing is measured, then only when half the work left outweighs a start', () => {
    expect(copyPays(2, undefined, 1400)).toBe(true);
    expect(copyPays(2, 300, undefined)).toBe(true);
    expect(copyPays(20, 800, 1400)).toBe(true);
    expect(copyPays(3, 800, 1400)).toBe(false);
  });
});
