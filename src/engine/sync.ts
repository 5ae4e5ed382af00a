import type { Destination } from '../destinations/destination.js';
import { readPages, type Caller } from './pages.js';
import { buildRow, type SyncInfo } from './rows.js';
import { order, type Partition, type SchedulerOrder } from './scheduler.js';
import type { Row } from './schema.js';
import { summarise, type PartitionResult, type SyncSummary } from './summary.js';
import type { Table } from './table.js';

/** What the AWS layer says about an error: skip the partition (access denied, not opted in, ...) or fail it. */
export interface ErrorVerdict {
  action: 'skip' | 'fail';
  code: string;
  reason: string;
}

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
  migrateMode?: 'safe' | 'forced';
  signal?: AbortSignal;
  onPartition?: (result: PartitionResult) => void;
}

class DestinationFailure extends Error {
  constructor(readonly destination: string, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** Writes a batch to every destination in parallel; the slowest one paces the readers. */
async function writeAll(destinations: readonly Destination[], table: Table, rows: Row[]): Promise<void> {
  await Promise.all(
    destinations.map((d) =>
      d.write(table.schema, rows).catch((err: unknown) => {
        throw new DestinationFailure(d.name, err);
      }),
    ),
  );
}

async function readPartition(p: Partition, options: SyncOptions): Promise<PartitionResult> {
  const started = performance.now();
  const result: PartitionResult = { table: p.table.name, accountId: p.ctx.accountId, region: p.ctx.region, status: 'ok', rows: 0, pages: 0, durationMs: 0 };
  const batchSize = options.batchSize ?? 1000;
  let batch: Row[] = [];
  try {
    for await (const items of readPages(p.table, p.ctx, options.caller, options.signal)) {
      result.pages += 1;
      for (const item of items) {
        batch.push(buildRow(p.table, item, p.ctx, options.sync));
        if (batch.length >= batchSize) {
          await writeAll(options.destinations, p.table, batch);
          result.rows += batch.length;
          batch = [];
        }
      }
    }
    if (batch.length > 0) {
      await writeAll(options.destinations, p.table, batch);
      result.rows += batch.length;
    }
  } catch (err) {
    if (err instanceof DestinationFailure) throw err;
    const verdict = options.classify(err);
    result.status = verdict.action === 'skip' ? 'skipped' : 'failed';
    result.code = verdict.code;
    result.reason = verdict.reason;
  }
  result.durationMs = performance.now() - started;
  return result;
}

/**
 * Reads every partition and writes its rows to every destination, then deletes stale rows only
 * inside the partitions that completed. A destination failure stops the sync and prevents every
 * delete-stale; a failed or skipped partition keeps its previous rows.
 */
export async function runSync(options: SyncOptions): Promise<SyncSummary> {
  const started = performance.now();
  for (const destination of options.destinations) await destination.migrate(options.tables.map((t) => t.schema), options.migrateMode ?? 'safe');
  const queue = order(options.partitions, options.scheduler ?? 'shuffle', options.seed);
  const results: PartitionResult[] = [];
  const destinationErrors: SyncSummary['destinationErrors'] = [];
  const stop = new AbortController();
  const aborted = () => options.signal?.aborted === true || stop.signal.aborted;
  let next = 0;
  const worker = async () => {
    while (!aborted() && next < queue.length) {
      const partition = queue[next++] as Partition;
      try {
        const result = await readPartition(partition, options);
        results.push(result);
        options.onPartition?.(result);
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
        if (r.status !== 'ok' || !table) continue;
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
