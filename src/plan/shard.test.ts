import { describe, expect, it } from 'vitest';
import type { Plan } from './plan.js';
import { parseShard, shardPlan } from './shard.js';

const group = (label: string, key: string, ids: string[]) => ({ server: { label, key }, cells: ids.map((id) => ({ id })) });
const plan = {
  groups: [group('pg@1', 'a', ['1a', '1b']), group('pg@2', 'b', ['2a']), group('pg@1', 'c', ['1c']), group('pg@3', 'd', ['3a'])],
} as unknown as Plan;

describe('shardPlan', () => {
  it('keeps every cell of one server in one shard, and together the shards cover the plan once', () => {
    const ids = (i: number) => shardPlan(plan, { index: i, count: 2 }).cells.map((c) => c.id);
    expect([ids(1), ids(2)]).toEqual([['1a', '1b', '1c', '3a'], ['2a']]);
  });

  it('rejects shards out of range', () => {
    expect(() => parseShard('3/2')).toThrow('--shard "3/2" must look like i/n with 1 ≤ i ≤ n, e.g. 1/3');
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
  });
});
