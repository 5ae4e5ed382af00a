import type { Row, TableSchema } from '../engine/schema.js';

/** How rows replace what a table held: CloudQuery's write modes. */
export type WriteMode = 'overwrite-delete-stale' | 'overwrite' | 'append';

/** How schema changes are applied: `safe` adds columns and refuses destructive changes; `forced` rebuilds. */
export type MigrateMode = 'safe' | 'forced';

/**
 * The rows a delete-stale may remove: rows of this source synced before `syncTime`, and only
 * inside the partitions that completed (each e.g. { account_id, region }; all name the same
 * columns), so a partition that failed or was skipped keeps its previous rows. One call covers
 * every completed partition of a table: one statement instead of one per partition.
 */
export interface StaleScope {
  sourceName: string;
  syncTime: Date;
  partitions: readonly Readonly<Record<string, string>>[];
}

/**
 * Every destination implements this; one conformance suite (test/destination-conformance) proves
 * each one. Calls for one table are never concurrent; calls for different tables may be.
 */
export interface Destination {
  readonly name: string;
  readonly writeMode: WriteMode;
  /** Rows per write it asks for (CloudQuery's batch_size); the engine batches rows to it. */
  readonly batchSize?: number;
  /** How long rows may wait for a batch to fill, in ms (CloudQuery's batch_timeout). */
  readonly batchTimeoutMs?: number;
  /** Creates or alters tables to match; throws a DestinationError naming table and column on a refused change. */
  migrate(tables: readonly TableSchema[], mode: MigrateMode): Promise<void>;
  /** Writes one batch: upserts by primary key in the overwrite modes, inserts in append mode. Atomic per call. */
  write(table: TableSchema, rows: readonly Row[]): Promise<void>;
  /** Removes stale rows inside the given partitions; returns how many. Only called in overwrite-delete-stale mode. */
  deleteStale(table: TableSchema, scope: StaleScope): Promise<number>;
  close(): Promise<void>;
}

/** A destination failure with a stable code; messages never contain credentials. */
export class DestinationError extends Error {
  constructor(
    readonly code: 'MIGRATION_REFUSED' | 'WRITE_FAILED' | 'CONNECTION_FAILED' | 'INVALID_SPEC',
    message: string,
    readonly table?: string,
    readonly column?: string,
  ) {
    super(message);
    this.name = 'DestinationError';
  }
}
