import type { Destination } from '../destinations/destination.js';
import type { StateStore } from '../state/state-store.js';
import type { Caller } from './pages.js';
import { DestinationFailure, readPartition, type ErrorVerdict } from './partition.js';
import type { SyncInfo } from './rows.js';
import { order, type Partition, type SchedulerOrder } from './scheduler.js';
import { summarise, type PartitionResult, type SyncSummary } from './summary.js';
import type { Table } from './table.js';

export type { ErrorVerdict } from './partition.js';

export interface SyncOptions {
  partitions: readonly Partition[];
  tables: readonly Table[];
  caller: Caller;
  classify: (err: unknown) => ErrorVerdict;
  destinations: readonly Destination[];
  sync: SyncInfo;
  scheduler?: SchedulerOrder;
  seed?: number;
  /** Partitions read at once; each has one call in flight, so this bounds concurrent calls. */
  concurrency?: number;
  /** Rows per write to each destination. */
  batchSize?: number;
  /** Each destination's migrate mode, by destination name; `safe` when absent. */
  migrateModes?: ReadonlyMap<string, 'safe' | 'forced'>;
  /** Cursors of incremental tables (the source's backend_options). */
  state?: StateStore;
  /** CloudQuery's table_options, by table name. */
  tableOptions?: Readonly<Record<string, unknown>>;
  signal?: AbortSignal;
  onPartition?: (result: PartitionResult) => void;
}

/**
 * Reads every partition and writes its rows to every destination, then deletes stale rows only
 * inside the partitions that completed. A destination failure stops the sync and prevents every
 * delete-stale; a failed or skipped partition keeps its previous rows.
 */
export async function runSync(options: SyncOptions): Promise<SyncSummary> {
  const started = performance.now();
  for (const destination of options.destinations) {
    await destination.migrate(options.tables.map((t) => t.schema), options.migrateModes?.get(destination.name) ?? 'safe');
  }
  const queue = order(options.partitions, options.scheduler ?? 'shuffle', options.seed);
  const children = new Map<string, Table[]>();
  for (const table of options.tables) {
    if (!table.parent) continue;
    children.set(table.parent.table, [...(children.get(table.parent.table) ?? []), table]);
  }
  const deps = {
    caller: options.caller,
    classify: options.classify,
    destinations: options.destinations,
    sync: options.sync,
    batchSize: options.batchSize ?? 1000,
    children,
    state: options.state,
    tableOptions: options.tableOptions,
    signal: options.signal,
  };
  const results: PartitionResult[] = [];
  const destinationErrors: SyncSummary['destinationErrors'] = [];
  const stop = new AbortController();
  const aborted = () => options.signal?.aborted === true || stop.signal.aborted;
  let next = 0;
  const worker = async () => {
    while (!aborted() && next < queue.length) {
      const partition = queue[next++] as Partition;
      try {
        for (const result of await readPartition(partition, deps)) {
          results.push(result);
          options.onPartition?.(result);
        }
      } catch (err) {
        if (!(err instanceof DestinationFailure)) throw err;
        destinationErrors.push({ destination: err.destination, message: err.message });
        stop.abort();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 50) }, worker));
  const cancelled = options.signal?.aborted === true;
  const deleted: Record<string, number> = {};
  if (destinationErrors.length === 0 && !cancelled) {
    const byName = new Map(options.tables.map((t) => [t.name, t]));
    for (const destination of options.destinations) {
      if (destination.writeMode !== 'overwrite-delete-stale') continue;
      let count = 0;
      for (const r of results) {
        const table = byName.get(r.table);
        // An incremental table re-reads only what is new: its older rows are not stale.
        if (r.status !== 'ok' || !table || table.incremental) continue;
        const where: Record<string, string> = { account_id: r.accountId };
        if (table.scope === 'regional') where.region = r.region;
        count += await destination.deleteStale(table.schema, { sourceName: options.sync.sourceName, syncTime: options.sync.syncTime, where });
      }
      deleted[destination.name] = count;
    }
  }
  return {
    syncTime: options.sync.syncTime,
    durationMs: performance.now() - started,
    partitions: results,
    ...summarise(results),
    deleted,
    destinationErrors,
    cancelled,
  };
}
