import type { Destination } from '../destinations/destination.js';
import type { StateStore } from '../state/state-store.js';
import { createLimiter } from './limit.js';
import { childrenByParent } from './plan.js';
import type { Caller } from './pages.js';
import { readPartition, type ErrorVerdict, type PartitionDeps } from './partition.js';
import type { SyncInfo } from './rows.js';
import { PartitionQueue, tableWeight, type Partition, type SchedulerOrder } from './scheduler.js';
import { summarise, type PartitionResult, type SyncSummary } from './summary.js';
import type { Table } from './table.js';
import { DestinationFailure, SyncWriter, type Marks } from './writer.js';

export type { ErrorVerdict } from './partition.js';

export interface SyncOptions {
  /** Every partition at once, or batches of them as they become known (one per discovered account). */
  partitions: readonly Partition[] | AsyncIterable<readonly Partition[]>;
  tables: readonly Table[];
  caller: Caller;
  classify: (err: unknown) => ErrorVerdict;
  destinations: readonly Destination[];
  sync: SyncInfo;
  scheduler?: SchedulerOrder;
  seed?: number;
  /** Calls in flight at once, and partitions read at once. */
  concurrency?: number;
  /** Listed items of one partition worked on at once, for tables with calls per item (4 by default). */
  fanOut?: number;
  /** Rows per write to each destination. */
  batchSize?: number;
  /** Rows wait at most this long for their batch to fill (10 s by default). */
  flushIntervalMs?: number;
  /** Each destination's migrate mode, by destination name; `safe` when absent. */
  migrateModes?: ReadonlyMap<string, 'safe' | 'forced'>;
  /** Cursors of incremental tables (the source's backend_options). */
  state?: StateStore;
  /** CloudQuery's table_options, by table name. */
  tableOptions?: Readonly<Record<string, unknown>>;
  signal?: AbortSignal;
  onPartition?: (result: PartitionResult) => void;
}

async function* batchesOf(partitions: SyncOptions['partitions']): AsyncIterable<readonly Partition[]> {
  if (Symbol.asyncIterator in partitions) yield* partitions;
  else yield partitions;
}

/**
 * Reads every partition and writes its rows to every destination, then deletes stale rows only
 * inside the partitions that completed and whose rows were all written. A destination failure
 * stops the sync and prevents every delete-stale; a failed or skipped partition keeps its previous rows.
 */
export async function runSync(options: SyncOptions): Promise<SyncSummary> {
  const started = performance.now();
  for (const destination of options.destinations) {
    await destination.migrate(options.tables.map((t) => t.schema), options.migrateModes?.get(destination.name) ?? 'safe');
  }
  const children = childrenByParent(options.tables);
  const concurrency = Math.max(1, options.concurrency ?? 50);
  const slots = createLimiter(concurrency);
  const writer = new SyncWriter({ destinations: options.destinations, batchSize: options.batchSize ?? 1000, flushIntervalMs: options.flushIntervalMs });
  const deps: PartitionDeps = {
    // Fan-out inside partitions never lets more than `concurrency` calls be in flight.
    caller: { send: (...args) => slots(() => options.caller.send(...args)) },
    classify: options.classify,
    writer,
    sync: options.sync,
    fanOut: Math.max(1, options.fanOut ?? 4),
    children,
    state: options.state,
    tableOptions: options.tableOptions,
    signal: options.signal,
  };
  const weights = new Map<Table, number>();
  const queue = new PartitionQueue(options.scheduler ?? 'shuffle', options.seed ?? 1, (t) => {
    if (!weights.has(t)) weights.set(t, tableWeight(t, children));
    return weights.get(t) ?? 0;
  });
  const read: Array<{ results: PartitionResult[]; marks: Marks }> = [];
  const destinationErrors: SyncSummary['destinationErrors'] = [];
  const stop = new AbortController();
  const aborted = () => options.signal?.aborted === true || stop.signal.aborted;
  const failed = (err: DestinationFailure) => {
    if (!destinationErrors.some((e) => e.destination === err.destination)) destinationErrors.push({ destination: err.destination, message: err.message });
    stop.abort();
    queue.close();
  };
  let feedError: { err: unknown } | undefined;
  const feed = (async () => {
    try {
      for await (const batch of batchesOf(options.partitions)) {
        if (aborted()) break;
        queue.push(batch);
      }
    } catch (err) {
      // Thrown after the workers finish what was fed, so no partition is left running.
      feedError = { err };
    } finally {
      queue.close();
    }
  })();
  const worker = async () => {
    for (let partition = await queue.next(); partition && !aborted(); partition = await queue.next()) {
      try {
        const outcome = await readPartition(partition, deps);
        read.push(outcome);
        for (const result of outcome.results) options.onPartition?.(result);
      } catch (err) {
        if (!(err instanceof DestinationFailure)) throw err;
        failed(err);
      }
    }
  };
  await Promise.all([feed, ...Array.from({ length: concurrency }, worker)]);
  try {
    await writer.close();
  } catch (err) {
    if (!(err instanceof DestinationFailure)) throw err;
    failed(err);
  }
  if (feedError) throw feedError.err;
  const cancelled = options.signal?.aborted === true;
  const results = read.flatMap((outcome) => {
    if (writer.isWritten(outcome.marks)) return outcome.results;
    // Rows that never reached a destination: the partition did not complete, whatever it read.
    const reason = `rows not written: destination ${destinationErrors[0]?.destination ?? ''} failed`;
    return outcome.results.map((r) => ({ ...r, status: 'failed' as const, code: 'DESTINATION_FAILED', reason }));
  });
  const deleted = destinationErrors.length === 0 && !cancelled ? await deleteStaleRows(options, results) : {};
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

/** One delete-stale per table and destination, covering every partition of it that completed; deleted rows by destination. */
export async function deleteStaleRows(
  options: Pick<SyncOptions, 'tables' | 'destinations' | 'sync'>,
  results: readonly Pick<PartitionResult, 'table' | 'accountId' | 'region' | 'status'>[],
): Promise<Record<string, number>> {
  const byName = new Map(options.tables.map((t) => [t.name, t]));
  const completed = new Map<Table, Array<Record<string, string>>>();
  for (const r of results) {
    const table = byName.get(r.table);
    // An incremental table re-reads only what is new: its older rows are not stale.
    if (r.status !== 'ok' || !table || table.incremental) continue;
    const where: Record<string, string> = { account_id: r.accountId };
    if (table.scope === 'regional') where.region = r.region;
    const list = completed.get(table) ?? [];
    list.push(where);
    completed.set(table, list);
  }
  const deleted: Record<string, number> = {};
  for (const destination of options.destinations) {
    if (destination.writeMode !== 'overwrite-delete-stale') continue;
    let count = 0;
    for (const [table, partitions] of completed) {
      count += await destination.deleteStale(table.schema, { sourceName: options.sync.sourceName, syncTime: options.sync.syncTime, partitions });
    }
    deleted[destination.name] = count;
  }
  return deleted;
}
