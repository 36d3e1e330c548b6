/** `--shard i/n`: a stable share of the plan for one CI runner; all cells of one server stay together. */
import { UsageError } from '../core/errors.js';
import type { Plan } from './plan.js';

export interface Shard {
  index: number;
  count: number;
}

export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const [index, count] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard "${value}" must look like i/n with 1 ≤ i ≤ n, e.g. 1/3`);
  }
  return { index, count };
}

/**
 * Server labels in plan order are dealt out round-robin: the same matrices give the same shards on
 * every runner, and no server is started by two shards.
 */
export function shardPlan(plan: Plan, shard: Shard): Plan {
  const labels = [...new Set(plan.groups.map((g) => g.server.label))];
  const mine = new Set(labels.filter((_, i) => i % shard.count === shard.index - 1));
  const groups = plan.groups.filter((g) => mine.has(g.server.label));
  return { cells: groups.flatMap((g) => g.cells), groups };
}
