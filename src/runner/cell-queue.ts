import type { Cell, ServerGroup, ServerSpec } from '../plan/plan.js';

/** One server working through cells of one group: the group's own server, or another copy of it (a replica). */
export interface Lane {
  readonly group: number;
  readonly server: ServerSpec;
  /** 1 for the group's first server, 2 for the next copy, … */
  readonly replica: number;
}

export interface QueuedCell {
  lane: Lane;
  cell: Cell;
  /** The cell's position in the plan, where its result goes. */
  position: number;
}

/**
 * Whether another server for a group pays: the cells left, shared by two servers, save more than the
 * copy's start costs. Until the group has started a server and run a cell, nothing says it does not.
 */
export function copyPays(left: number, cellMs: number | undefined, startMs: number | undefined): boolean {
  return cellMs === undefined || startMs === undefined || (left * cellMs) / 2 > startMs;
}

interface GroupProgress {
  group: ServerGroup;
  /** Plan position of the group's first cell. */
  first: number;
  /** Cells handed out, from the start of the group. */
  taken: number;
  /** Servers started for the group so far. */
  replicas: number;
  /** Offsets of cells given back, handed out again first. */
  returned: number[];
}

/**
 * Hands out the cells of a plan to workers. A worker keeps its server while its group has cells; then
 * it takes the next group not started yet; when there is none, it starts another copy of the group
 * with the most cells left, so a plan with fewer groups than workers still uses every worker. Cells
 * are independent (each cleans up after itself), so which copy of a server runs a cell does not matter.
 */
export class CellQueue {
  readonly #groups: GroupProgress[];
  #nextGroup = 0;

  constructor(
    groups: ServerGroup[],
    /** A group is copied only while it has at least this many cells nobody took yet: a server start costs more than one cell. */
    private readonly minCellsToCopy = 2,
  ) {
    let first = 0;
    this.#groups = groups.map((group) => {
      const entry: GroupProgress = { group, first, taken: 0, replicas: 0, returned: [] };
      first += group.cells.length;
      return entry;
    });
  }

  /** The next cell for a worker on `lane` (none yet: undefined), or undefined when there is nothing left for it. */
  next(lane: Lane | undefined, canCopy: (group: ServerGroup, left: number) => boolean = () => true): QueuedCell | undefined {
    if (lane) {
      const own = this.#take(lane);
      if (own) return own;
    }
    while (this.#nextGroup < this.#groups.length) {
      const index = this.#nextGroup++;
      const fresh = this.#take(this.#newLane(index));
      if (fresh) return fresh;
    }
    const largest = this.#groups
      .map((entry, index) => ({ index, left: this.#left(entry), group: entry.group }))
      .filter((g) => g.left >= this.minCellsToCopy && canCopy(g.group, g.left))
      .sort((a, b) => b.left - a.left)[0];
    return largest && this.#take(this.#newLane(largest.index));
  }

  /** Puts back a cell its worker could not run (its copy of the server did not start), for the group's other servers. */
  giveBack(queued: QueuedCell): void {
    const entry = this.#groups[queued.lane.group]!;
    entry.returned.push(queued.position - entry.first);
  }

  /** The cells nobody ran (given back after every worker stopped), each on its group's own server. */
  rest(): QueuedCell[] {
    return this.#groups.flatMap((entry, index) => {
      const lane: Lane = { group: index, replica: 1, server: entry.group.server };
      const cells: QueuedCell[] = [];
      for (let next = this.#take(lane); next; next = this.#take(lane)) cells.push(next);
      return cells;
    });
  }

  /** The server of the group that will start next, to start it ahead while other groups' cells run. */
  upcoming(): ServerSpec | undefined {
    return this.#groups[this.#nextGroup]?.group.server;
  }

  #newLane(index: number): Lane {
    const entry = this.#groups[index]!;
    const replica = ++entry.replicas;
    const { server } = entry.group;
    const copy = { ...server, key: `${server.key}#copy-${replica}`, label: `${server.label} #${replica}` };
    return { group: index, replica, server: replica === 1 ? server : copy };
  }

  #take(lane: Lane): QueuedCell | undefined {
    const entry = this.#groups[lane.group]!;
    const offset = entry.returned.shift() ?? (entry.taken < entry.group.cells.length ? entry.taken++ : undefined);
    return offset === undefined ? undefined : { lane, cell: entry.group.cells[offset]!, position: entry.first + offset };
  }

  #left(entry: GroupProgress): number {
    return entry.group.cells.length - entry.taken + entry.returned.length;
  }
}
