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
 * what keeps large syncs clear of rate limits.
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
