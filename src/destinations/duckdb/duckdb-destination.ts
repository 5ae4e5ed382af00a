import { DuckDBInstance, DuckDBTimestampValue } from '@duckdb/node-api';
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { Row, TableSchema } from '../../engine/schema.js';
import type { Destination, MigrateMode, StaleScope, WriteMode } from '../destination.js';
import { DestinationError } from '../destination.js';
import { staleColumns, staleStatements } from '../stale.js';
import { existingColumns, migrateTables } from './migrate.js';
import { DuckdbSession } from './session.js';
import { createStagingSql, dropStagingSql, keysFor, mergeSql, quoteIdent, stagingTable } from './sql.js';
import type { ColumnWriter } from './values.js';
import { ValueError, columnWriter, decodeValue, timestampMicros } from './values.js';

export interface DuckdbDestinationOptions {
  /** A database file path (created if missing; its directory must exist), or ':memory:'. */
  connectionString: string;
  writeMode: WriteMode;
  /** The destination's name in the config; defaults to 'duckdb'. */
  name?: string;
  /** Rows per write() the engine should aim for (CloudQuery's batch_size). */
  batchSize?: number;
  /** Bytes per write() the engine should aim for (CloudQuery's batch_size_bytes). */
  batchSizeBytes?: number;
  /** How long the engine may hold a partial batch (CloudQuery's batch_timeout), in milliseconds. */
  batchTimeoutMs?: number;
  /** CloudQuery's `debug`: every statement is logged; `true` logs to stderr. */
  debug?: boolean | ((line: string) => void);
}

/**
 * The DuckDB destination: the Destination calls, the batch sizes the engine should use (write()
 * is atomic per call, so batching belongs to the caller), and readRows/countRows, which decode
 * stored values back into row values for the tests and the demo.
 */
export interface DuckdbDestination extends Destination {
  readonly batchSize: number;
  readonly batchSizeBytes: number;
  readonly batchTimeoutMs: number;
  readRows(table: string): Promise<Row[]>;
  countRows(table: string): Promise<number>;
}

// CloudQuery's duckdb plugin defaults, as its SetDefaults applies them (client/spec.go), and the
// SDK batch writer's timeout.
const defaultBatchSize = 1000;
const defaultBatchSizeBytes = 4 * 1024 * 1024;
const defaultBatchTimeoutMs = 60_000;

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new DestinationError('INVALID_SPEC', `duckdb: spec.${name} must be a positive integer, got ${value}`);
  }
  return value;
}

function debugLog(debug: DuckdbDestinationOptions['debug']): ((line: string) => void) | undefined {
  if (typeof debug === 'function') return debug;
  if (debug !== true) return undefined;
  return (line) => process.stderr.write(`duckdb: ${line.replace(/\s+/g, ' ')}\n`);
}

async function openDatabase(path: string): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  // DuckDB opens an in-memory database for an empty path, which would silently lose the sync.
  if (path.trim() === '') throw new DestinationError('INVALID_SPEC', 'duckdb: spec.connection_string is empty');
  let instance: DuckDBInstance | undefined;
  try {
    instance = await DuckDBInstance.create(path);
    return { instance, connection: await instance.connect() };
  } catch (err) {
    instance?.closeSync();
    throw new DestinationError('CONNECTION_FAILED', `duckdb: cannot open ${path}: ${(err as Error).message}`);
  }
}

/** The column a DuckDB constraint message names ("NOT NULL constraint failed: t.col", `Duplicate key "col: v"`). */
function constraintColumn(message: string): string | undefined {
  const notNull = /NOT NULL constraint failed: (\S+)/.exec(message)?.[1];
  if (notNull) return notNull.slice(notNull.lastIndexOf('.') + 1);
  return /Duplicate key "([^":]+):/.exec(message)?.[1];
}

interface Writers {
  /** The column list the writers were built for; a different schema needs new ones. */
  signature: string;
  names: string[];
  writers: ColumnWriter[];
}

function signatureOf(table: TableSchema): string {
  return JSON.stringify(table.columns.map((c) => [c.name, c.type]));
}

/** Drops the appender's unflushed rows (a half-appended row among them) and releases it. */
function discard(appender: DuckDBAppender): void {
  try {
    appender.clear();
    appender.closeSync();
  } catch {
    // The transaction is rolled back next, which undoes anything the appender had flushed.
  }
}

export async function createDuckdbDestination(options: DuckdbDestinationOptions): Promise<DuckdbDestination> {
  const { writeMode } = options;
  const batchSize = positive('batch_size', options.batchSize, defaultBatchSize);
  const batchSizeBytes = positive('batch_size_bytes', options.batchSizeBytes, defaultBatchSizeBytes);
  const batchTimeoutMs = options.batchTimeoutMs ?? defaultBatchTimeoutMs;
  const { instance, connection } = await openDatabase(options.connectionString);
  const session = new DuckdbSession(connection, debugLog(options.debug));
  const writersByTable = new Map<string, Writers>();
  let closed = false;

  const ensureOpen = (): void => {
    if (closed) throw new DestinationError('CONNECTION_FAILED', 'duckdb: the destination is closed');
  };

  const writersFor = (table: TableSchema): Writers => {
    const signature = signatureOf(table);
    const cached = writersByTable.get(table.name);
    if (cached?.signature === signature) return cached;
    const built = { signature, names: table.columns.map((c) => c.name), writers: table.columns.map(columnWriter) };
    writersByTable.set(table.name, built);
    return built;
  };

  /** Appends the batch to the staging table; on a failure, names the column whose value was being appended. */
  const stage = async (table: TableSchema, rows: readonly Row[]): Promise<void> => {
    const { names, writers } = writersFor(table);
    await session.run(createStagingSql(table));
    const appender = await session.appender(stagingTable, 'main', 'temp');
    let column = '';
    try {
      for (const row of rows) {
        for (let i = 0; i < writers.length; i++) {
          column = names[i] ?? '';
          writers[i]?.(appender, row[column]);
        }
        appender.endRow();
      }
      column = '';
      appender.closeSync();
    } catch (err) {
      discard(appender);
      if (err instanceof ValueError || !column) throw err;
      throw new ValueError(column, (err as Error).message);
    }
  };

  return {
    name: options.name ?? 'duckdb',
    writeMode,
    batchSize,
    batchSizeBytes,
    batchTimeoutMs,

    async migrate(tables: readonly TableSchema[], mode: MigrateMode): Promise<void> {
      ensureOpen();
      await session.exclusive(async () => {
        try {
          await migrateTables(session, tables, mode, writeMode);
        } catch (err) {
          if (err instanceof DestinationError) throw err;
          throw new DestinationError('WRITE_FAILED', `duckdb: migration failed: ${(err as Error).message}`);
        }
      });
    },

    /**
     * One transaction per batch: the rows are appended to a staging table (DuckDB's appender is its
     * fast path, and it joins the open transaction), merged into the table with one statement, and
     * the staging table dropped, so a failure anywhere leaves neither the batch nor staged rows.
     */
    async write(table: TableSchema, rows: readonly Row[]): Promise<void> {
      ensureOpen();
      if (rows.length === 0) return;
      await session.exclusive(async () => {
        try {
          await session.transaction(async () => {
            await stage(table, rows);
            await session.run(mergeSql(table, keysFor(table, writeMode)));
            await session.run(dropStagingSql());
          });
        } catch (err) {
          const message = (err as Error).message;
          const column = err instanceof ValueError ? err.column : constraintColumn(message);
          const where = column ? ` column "${column}"` : '';
          throw new DestinationError(
            'WRITE_FAILED',
            `duckdb: write to table "${table.name}"${where} failed, batch of ${rows.length} rows not written: ${message}`,
            table.name,
            column,
          );
        }
      });
    },

    async deleteStale(table: TableSchema, scope: StaleScope): Promise<number> {
      ensureOpen();
      const columns = staleColumns(scope);
      const statements = staleStatements(scope, columns, quoteIdent, (i) => `$${i + 1}`, 2);
      if (statements.length === 0) return 0;
      return session.exclusive(async () => {
        const existing = await existingColumns(session, table.name);
        if (!existing) throw new DestinationError('WRITE_FAILED', `duckdb: table "${table.name}" does not exist`, table.name);
        for (const column of columns) {
          if (!existing.has(column)) {
            throw new DestinationError(
              'WRITE_FAILED',
              `duckdb: delete-stale on table "${table.name}": column "${column}" is not in the table`,
              table.name,
              column,
            );
          }
        }
        const head = `DELETE FROM ${quoteIdent(table.name)} WHERE "_cq_source_name" = $1 AND "_cq_sync_time" < $2 AND `;
        const syncTime = new DuckDBTimestampValue(timestampMicros('_cq_sync_time', scope.syncTime));
        try {
          let deleted = 0;
          for (const s of statements) deleted += await session.run(head + s.condition, [scope.sourceName, syncTime, ...s.values]);
          return deleted;
        } catch (err) {
          throw new DestinationError('WRITE_FAILED', `duckdb: delete-stale on table "${table.name}" failed: ${(err as Error).message}`, table.name);
        }
      });
    },

    async readRows(table: string): Promise<Row[]> {
      ensureOpen();
      return session.exclusive(async () => {
        const existing = await existingColumns(session, table);
        const types = new Map([...(existing?.values() ?? [])].map((c) => [c.name, c.type]));
        const stored = await session.rows(`SELECT * FROM ${quoteIdent(table)}`);
        return stored.map((values) => {
          const row: Row = {};
          for (const [name, value] of Object.entries(values)) row[name] = decodeValue(types.get(name), value);
          return row;
        });
      });
    },

    async countRows(table: string): Promise<number> {
      ensureOpen();
      return session.exclusive(async () => {
        const [row] = await session.rows(`SELECT count(*) AS n FROM ${quoteIdent(table)}`);
        return Number(row?.n ?? 0);
      });
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await session.drain();
      try {
        // Folds the write-ahead log into the file, so the file alone holds the sync (a user's
        // `duckdb canopy.db`, a copy, an upload) even if the process dies before DuckDB's own shutdown.
        await session.run('CHECKPOINT');
      } finally {
        writersByTable.clear();
        connection.closeSync();
        instance.closeSync();
      }
    },
  };
}
