import type { PartitionContext, Table } from './table.js';

/** One unit of work: one table in one account and region. */
export interface Partition {
  table: Table;
  ctx: PartitionContext;
}

export type SchedulerOrder = 'dfs' | 'round-robin' | 'shuffle';

/**
 * The order partitions start in. `dfs` finishes one table before the next; `round-robin` takes
 * one partition of each table in turn, spreading calls over services; `shuffle` mixes everything
 * (deterministically from the seed) so no single account, region or service is hammered, which is
 * what keeps large syncs clear of rate limits. PartitionQueue adds heavy-first to `shuffle`.
 */
export function order(partitions: readonly Partition[], scheduler: SchedulerOrder, seed = 1): Partition[] {
  if (scheduler === 'dfs') return [...partitions];
  if (scheduler === 'round-robin') {
    const byTable = new Map<string, Partition[]>();
    for (const p of partitions) {
      const list = byTable.get(p.table.name) ?? [];
      list.push(p);
      byTable.set(p.table.name, list);
    }
    const queues = [...byTable.values()];
    const out: Partition[] = [];
    for (let round = 0; out.length < partitions.length; round++) {
      for (const queue of queues) {
        const next = queue[round];
        if (next) out.push(next);
      }
    }
    return out;
  }
  const out = [...partitions];
  let state = seed >>> 0 || 1;
  const random = () => {
    // xorshift32: small, fast and deterministic for a given seed.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as Partition, out[i] as Partition];
  }
  return out;
}

/**
 * Calls a table makes per listed item, estimated from its declaration: its get, its details, and
 * for each child table one list plus the child's own weight. Used to start heavy partitions first.
 */
export function tableWeight(table: Table, children: ReadonlyMap<string, readonly Table[]>): number {
  const own = (table.get ? 1 : 0) + Object.keys(table.details ?? {}).length;
  return own + (children.get(table.name) ?? []).reduce((sum, child) => sum + 1 + tableWeight(child, children), 0);
}

/**
 * The partitions waiting to start, fed in batches (one per account as discovery resolves it, or
 * all at once) and taken by the workers. Each batch is put in the scheduler's order. With
 * `shuffle`, partitions of heavier tables (more calls per item) start before lighter ones: a sync
 * lasts at least as long as its longest partition, and a long one that starts last sets the end.
 */
export class PartitionQueue {
  /** Partitions by weight class, heaviest first; FIFO inside a class. */
  private readonly classes = new Map<number, { items: Array<Partition | undefined>; head: number }>();
  private weights: number[] = [];
  private closed = false;
  private waiting: Array<() => void> = [];
  private batches = 0;

  constructor(
    private readonly scheduler: SchedulerOrder,
    private readonly seed: number,
    private readonly weight: (table: Table) => number,
  ) {}

  push(batch: readonly Partition[]): void {
    // Each batch gets its own shuffle, still deterministic for a given seed and batch sequence.
    const ordered = order(batch, this.scheduler, this.seed + this.batches++);
    for (const p of ordered) {
      const w = this.scheduler === 'shuffle' ? this.weight(p.table) : 0;
      let list = this.classes.get(w);
      if (!list) {
        list = { items: [], head: 0 };
        this.classes.set(w, list);
        this.weights = [...this.classes.keys()].sort((a, b) => b - a);
      }
      list.items.push(p);
    }
    this.wake();
  }

  /** No more batches will come: workers finish once the queue is empty. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  /** The next partition to start; undefined once the queue is closed and empty. */
  async next(): Promise<Partition | undefined> {
    for (;;) {
      for (const w of this.weights) {
        // An index, not shift(): shifting a queue of a million partitions copies it every time.
        const list = this.classes.get(w);
        const p = list?.items[list.head];
        if (list && p) {
          list.items[list.head++] = undefined;
          return p;
        }
      }
      if (this.closed) return undefined;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}
