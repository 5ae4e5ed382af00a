import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PoolClient } from 'pg';
import type { Row, TableSchema } from '../../engine/schema.js';
import type { Destination, MigrateMode, StaleScope, WriteMode } from '../destination.js';
import { DestinationError } from '../destination.js';
import { staleColumns, staleStatements } from '../stale.js';
import { connectionError, openPool } from './connection.js';
import { copyRows } from './copy.js';
import type { ConnectionSettings } from './dsn.js';
import { ConnectionStringError, parseConnectionString, redactor } from './dsn.js';
import { classify, columnOf, describeError, isUniqueViolation } from './errors.js';
import { existingColumns, migrateTables } from './migrate.js';
import { directCopySql, isEmptySql, keysFor, qualified, quoteIdent, stagedWriteSql } from './sql.js';
import { ValueError, formatTimestamp } from './types.js';

export interface PostgresDestinationOptions {
  /** A postgres:// URL or a key=value DSN, as CloudQuery's connection_string. */
  connectionString: string;
  writeMode: WriteMode;
  /** The destination's name in the config; defaults to 'postgresql'. */
  name?: string;
  batchSize?: number;
  batchSizeBytes?: number;
  batchTimeoutMs?: number;
  /** CloudQuery's create_performance_indexes: an index on (_cq_source_name, _cq_sync_time) per table. */
  createPerformanceIndexes?: boolean;
  /** Pool size; pool_max_conns in the connection string wins, as in pgx. */
  maxConnections?: number;
  /** Tries per call when the connection drops or a deadlock aborts the batch (default 4). */
  maxAttempts?: number;
  /** Pause before the first retry, doubled for each further one (default 200 ms). */
  retryDelayMs?: number;
}

/** Whether every row of the batch has its own primary key (the usual case: the merge then needs no de-duplication). */
function uniqueKeys(rows: readonly Row[], primaryKey: readonly string[]): boolean {
  const seen = new Set<string>();
  for (const row of rows) {
    const key = primaryKey.length === 1 ? String(row[primaryKey[0] as string]) : JSON.stringify(primaryKey.map((k) => row[k]));
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}

/**
 * The PostgreSQL destination. Besides the Destination calls it exposes the batch limits the engine
 * should use (write() is atomic per call, so batching belongs to the caller), the schema it writes
 * to, and readRows/countRows, which decode stored values back into row values.
 */
export interface PostgresDestination extends Destination {
  readonly batchSize: number;
  readonly batchSizeBytes: number;
  readonly batchTimeoutMs: number;
  readonly schema: string;
  readRows(table: string): Promise<Row[]>;
  countRows(table: string): Promise<number>;
}

// CloudQuery's postgresql defaults (client/spec/spec.go SetDefaults).
const defaults = { batchSize: 10_000, batchSizeBytes: 100_000_000, batchTimeoutMs: 60_000, maxAttempts: 4, retryDelayMs: 200 };

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new DestinationError('INVALID_SPEC', `postgresql: spec.${name} must be a positive integer, got ${value}`);
  }
  return value;
}

function parseSettings(connectionString: string): ConnectionSettings {
  try {
    return parseConnectionString(connectionString);
  } catch (err) {
    if (err instanceof ConnectionStringError) throw new DestinationError('INVALID_SPEC', `postgresql: spec.${err.message}`);
    throw err;
  }
}

interface CallOptions {
  /** What the call does, for messages: `write to table "x"`. */
  what: string;
  transaction: boolean;
  /** The error for a failure that is not the connection's. */
  failed(err: unknown, message: string): DestinationError;
}

export async function createPostgresDestination(options: PostgresDestinationOptions): Promise<PostgresDestination> {
  const { writeMode } = options;
  const batchSize = positive('batch_size', options.batchSize, defaults.batchSize);
  const batchSizeBytes = positive('batch_size_bytes', options.batchSizeBytes, defaults.batchSizeBytes);
  const batchTimeoutMs = options.batchTimeoutMs ?? defaults.batchTimeoutMs;
  const maxAttempts = positive('max_attempts', options.maxAttempts, defaults.maxAttempts);
  const retryDelayMs = options.retryDelayMs ?? defaults.retryDelayMs;
  const settings = parseSettings(options.connectionString);
  const redact = redactor(settings);
  const maxConnections = settings.poolMaxConns ?? options.maxConnections ?? Math.max(4, availableParallelism());
  const { pool, schema } = await openPool(settings, maxConnections, redact);
  let closed = false;

  const ensureOpen = (): void => {
    if (closed) throw new DestinationError('CONNECTION_FAILED', 'postgresql: the destination is closed');
  };

  /**
   * Runs `body` on a pooled connection, in a transaction when asked. A dropped connection (or a
   * deadlock) rolls the whole call back, so it is retried from the start on a fresh connection,
   * a bounded number of times. A connection lost while COMMIT was in flight may have committed:
   * the retry then rewrites the same rows, which the overwrite modes absorb and append mode, a
   * log by design, records twice.
   */
  async function call<T>(opts: CallOptions, body: (client: PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      ensureOpen();
      let client: PoolClient | undefined;
      try {
        client = await pool.connect();
        if (opts.transaction) await client.query('BEGIN');
        const result = await body(client);
        if (opts.transaction) await client.query('COMMIT');
        client.release();
        return result;
      } catch (err) {
        if (client) await discard(client, err, opts.transaction);
        if (err instanceof DestinationError) throw err;
        const failure = classify(err);
        const retry = (failure === 'lost' || failure === 'transient') && attempt < maxAttempts && !closed;
        if (retry) {
          await sleep(retryDelayMs * 2 ** (attempt - 1));
          continue;
        }
        if (failure === 'lost' || failure === 'connect') {
          const tries = attempt > 1 ? ` after ${attempt} attempts` : '';
          const why = failure === 'lost' ? 'connection lost' : 'cannot connect';
          throw connectionError(err, redact, `${opts.what} failed${tries}, ${why}`);
        }
        throw opts.failed(err, describeError(err, redact));
      }
    }
  }

  /** Gives a failed connection back: reused only when it is provably outside any transaction. */
  async function discard(client: PoolClient, err: unknown, transaction: boolean): Promise<void> {
    const reusable = classify(err) === 'other' && !(err instanceof ValueError);
    if (!reusable) {
      client.release(true);
      return;
    }
    try {
      if (transaction) await client.query('ROLLBACK');
      client.release();
    } catch {
      client.release(true);
    }
  }

  /**
   * Tables whose batches are copied straight in rather than staged and merged: a table that was
   * empty at its first write in this destination's life (a first sync, or one after a forced
   * migration) cannot hold any key of a batch but those this sync wrote, so an upsert is an
   * append until a COPY meets a stored key (a resource read twice, a concurrent sync), after which
   * the table goes back to the merge.
   */
  const direct = new Map<string, boolean>();
  async function appendable(client: PoolClient, table: string): Promise<boolean> {
    let known = direct.get(table);
    if (known === undefined) {
      known = (await client.query<{ empty: boolean }>(isEmptySql(schema, table))).rows[0]?.empty === true;
      direct.set(table, known);
    }
    return known;
  }

  const generic = (what: string, table?: string) => (_err: unknown, message: string) =>
    new DestinationError('WRITE_FAILED', `postgresql: ${what} failed: ${message}`, table);

  return {
    name: options.name ?? 'postgresql',
    writeMode,
    batchSize,
    batchSizeBytes,
    batchTimeoutMs,
    schema,

    async migrate(tables: readonly TableSchema[], mode: MigrateMode): Promise<void> {
      await call({ what: 'migration', transaction: true, failed: generic('migration') }, (client) =>
        migrateTables(client, tables, { schema, mode, writeMode, performanceIndexes: options.createPerformanceIndexes === true }),
      );
    },

    async write(table: TableSchema, rows: readonly Row[]): Promise<void> {
      ensureOpen();
      if (rows.length === 0) return;
      const keys = keysFor(table, writeMode);
      const unique = keys.primaryKey.length > 0 && uniqueKeys(rows, keys.primaryKey);
      const staged = keys.primaryKey.length > 0 ? stagedWriteSql(schema, table, keys, unique) : undefined;
      const what = `write to table "${table.name}"`;
      const failed = (err: unknown, message: string): DestinationError => {
        const column = err instanceof ValueError ? err.column : columnOf(err);
        const where = column ? ` column "${column}"` : '';
        const text = err instanceof ValueError ? redact(`${column} ${err.message}`) : message;
        return new DestinationError(
          'WRITE_FAILED',
          `postgresql: ${what}${where} failed, batch of ${rows.length} rows not written: ${text}`,
          table.name,
          column,
        );
      };
      await call({ what, transaction: true, failed }, async (client) => {
        if (!staged) {
          await copyRows(client, directCopySql(schema, table), table.columns, rows);
          return;
        }
        if (unique && (await appendable(client, table.name))) {
          // Inside a savepoint, so that a key some other write already stored rolls back only this COPY.
          await client.query('SAVEPOINT canopy_direct');
          try {
            await copyRows(client, directCopySql(schema, table), table.columns, rows);
            await client.query('RELEASE SAVEPOINT canopy_direct');
            return;
          } catch (err) {
            if (!isUniqueViolation(err)) throw err;
            await client.query('ROLLBACK TO SAVEPOINT canopy_direct');
            direct.set(table.name, false);
          }
        }
        await client.query(staged.create);
        await copyRows(client, staged.copy, table.columns, rows);
        await client.query(staged.merge);
      });
    },

    async deleteStale(table: TableSchema, scope: StaleScope): Promise<number> {
      const what = `delete-stale on table "${table.name}"`;
      const columns = staleColumns(scope);
      const statements = staleStatements(scope, columns, quoteIdent, (i) => `$${i + 1}`, 2);
      if (statements.length === 0) return 0;
      return call({ what, transaction: true, failed: generic(what, table.name) }, async (client) => {
        const existing = await existingColumns(client, schema, table.name);
        for (const column of columns) {
          if (existing?.has(column)) continue;
          const problem = existing ? `column "${column}" is not in the table` : 'the table does not exist';
          throw new DestinationError('WRITE_FAILED', `postgresql: ${what}: ${problem}`, table.name, existing ? column : undefined);
        }
        const head = `DELETE FROM ${qualified(schema, table.name)} WHERE "_cq_source_name" = $1 AND "_cq_sync_time" < $2 AND `;
        // The time goes as UTC text: node-postgres would send a Date in the process's time zone.
        const params = [scope.sourceName, formatTimestamp(scope.syncTime)];
        let deleted = 0;
        for (const s of statements) deleted += (await client.query(head + s.condition, [...params, ...s.values])).rowCount ?? 0;
        return deleted;
      });
    },

    async readRows(table: string): Promise<Row[]> {
      const what = `read of table "${table}"`;
      return call({ what, transaction: false, failed: generic(what, table) }, async (client) => {
        const result = await client.query<Row>(`SELECT * FROM ${qualified(schema, table)}`);
        return result.rows;
      });
    },

    async countRows(table: string): Promise<number> {
      const what = `count of table "${table}"`;
      return call({ what, transaction: false, failed: generic(what, table) }, async (client) => {
        const result = await client.query<{ n: number | bigint }>(`SELECT count(*) AS n FROM ${qualified(schema, table)}`);
        return Number(result.rows[0]?.n ?? 0);
      });
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
