import { childrenByParent } from '../engine/plan.js';
import type { Partition } from '../engine/scheduler.js';
import type { PartitionResult } from '../engine/summary.js';
import type { Table } from '../engine/table.js';

/** The SDK client classes a table's calls use (list, seed, get, details), its child tables' included. */
export function clientClassesOf(table: Table, children: ReadonlyMap<string, readonly Table[]>): Set<object> {
  const classes = new Set<object>();
  const add = (t: Table): void => {
    classes.add(t.list.call.client);
    if (t.list.seed) classes.add(t.list.seed.call.client);
    if (t.get) classes.add(t.get.call.client);
    for (const detail of Object.values(t.details ?? {})) classes.add(detail.call.client);
    for (const child of children.get(t.name) ?? []) add(child);
  };
  add(table);
  return classes;
}

/**
 * Tells when an account is done with a client class: counts, per account and class, the planned
 * partitions that use it, and calls `release` when the last of them is read. A partition that
 * never finishes (a cancelled or failed sync) keeps its clients until the pool closes.
 */
export class ClientReleases {
  private readonly open = new Map<string, Map<object, number>>();
  private readonly classes = new Map<string, Set<object>>();
  private readonly children: ReadonlyMap<string, readonly Table[]>;
  private readonly byName: ReadonlyMap<string, Table>;

  constructor(
    tables: readonly Table[],
    private readonly release: (accountId: string, clientClass: object) => void,
  ) {
    this.children = childrenByParent(tables);
    this.byName = new Map(tables.map((t) => [t.name, t]));
  }

  /** The same batches, each counted as it is handed to the engine. */
  async *track(batches: AsyncIterable<readonly Partition[]>): AsyncGenerator<readonly Partition[]> {
    for await (const batch of batches) {
      this.planned(batch);
      yield batch;
    }
  }

  /** Counts a batch of partitions about to be read. */
  planned(batch: readonly Partition[]): void {
    for (const { table, ctx } of batch) {
      const open = this.openOf(ctx.accountId);
      for (const cls of this.classesOf(table)) open.set(cls, (open.get(cls) ?? 0) + 1);
    }
  }

  /** A table's result in a partition: the top-level table's marks its partition as read. */
  read(result: PartitionResult): void {
    const table = this.byName.get(result.table);
    if (!table || table.parent) return;
    const open = this.open.get(result.accountId);
    if (!open) return;
    for (const cls of this.classesOf(table)) {
      const left = (open.get(cls) ?? 0) - 1;
      if (left > 0) {
        open.set(cls, left);
        continue;
      }
      open.delete(cls);
      this.release(result.accountId, cls);
    }
  }

  private openOf(accountId: string): Map<object, number> {
    let open = this.open.get(accountId);
    if (!open) {
      open = new Map();
      this.open.set(accountId, open);
    }
    return open;
  }

  private classesOf(table: Table): Set<object> {
    let classes = this.classes.get(table.name);
    if (!classes) {
      classes = clientClassesOf(table, this.children);
      this.classes.set(table.name, classes);
    }
    return classes;
  }
}
