import Database from 'better-sqlite3';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import type { Row, TableSchema } from '../../engine/schema.js';
import type { Destination, MigrateMode, StaleScope, WriteMode } from '../destination.js';
import { DestinationError } from '../destination.js';
import { existingColumns, migrateTables } from './migrate.js';
import { insertSql, keysFor, quoteIdent } from './sql.js';
import type { SqliteValue } from './values.js';
import { ValueError, decodeValue, encodeValue, formatTimestamp } from './values.js';
import { staleColumns, staleStatements } from '../stale.js';

export interface SqliteDestinationOptions {
  /** A file path (created if missing; its directory must exist), or ':memory:'. */
  connectionString: string;
  writeMode: WriteMode;
  /** The destination's name in the config; defaults to 'sqlite'. */
  name?: string;
  /** Rows per write() the engine should aim for (CloudQuery's batch_size). */
  batchSize?: number;
  /** Bytes per write() the engine should aim for (CloudQuery's batch_size_bytes). */
  batchSizeBytes?: number;
}

/**
 * The SQLite destination. Besides the Destination calls it exposes the batch sizes the engine
 * should use (write() is atomic per call, so batching belongs to the caller) and readRows, which
 * decodes stored values back into row values for the tests, the demo and the state backend.
 */
export interface SqliteDestination extends Destination {
  readonly batchSize: number;
  readonly batchSizeBytes: number;
  readRows(table: string): Promise<Row[]>;
  countRows(table: string): Promise<number>;
}

// Rows per write: 1,000, the default CloudQuery's sqlite plugin documents in its JSON schema (its
// SetDefaults applies 10,000, plugins/destination/sqlite/client/spec.go). The engine buffers up to
// four batches across tables, so 10,000 kept ~40,000 rows alive: ~70 MiB more peak RSS in a
// 150k-row sync (docs/BENCHMARKS.md, section 3), while SQLite commits 1,000-row transactions in WAL
// mode about as fast. A `batch_size` in the spec still wins. Bytes as CloudQuery's SetDefaults.
const defaultBatchSize = 1_000;
const defaultBatchSizeBytes = 10 * 1024 * 1024;

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new DestinationError('INVALID_SPEC', `sqlite: spec.${name} must be a positive integer, got ${value}`);
  }
  return value;
}

interface PreparedWrite {
  /** The column list the statement was built for; a different schema needs a new statement. */
  signature: string;
  statement: Statement<SqliteValue[]>;
}

/**
 * SQLite's page cache per connection, in KiB: 4 MiB (SQLite's default is 2 MiB). The unique index
 * on random _cq_id UUIDs is written in random order, so a cache far smaller than the index turns
 * every batch into reads; but once the database outgrows the cache, misses are served by the OS's
 * file cache, so a larger one buys little: 64 MiB cost 60-80 MiB more peak RSS than 16 MiB in a
 * 150k-row sync, and 16 MiB ~10 MiB more than 4, for no measurable CPU or write speed either
 * time (docs/BENCHMARKS.md, section 3).
 */
export const pageCacheKiB = 4_096;

/** A connection to a SQLite file as the destination uses it: WAL, NORMAL sync, a bounded page cache. */
export function openSqliteDatabase(path: string): SqliteDatabase {
  if (path.trim() === '') throw new DestinationError('INVALID_SPEC', 'sqlite: spec.connection_string is empty');
  let db: SqliteDatabase;
  try {
    db = new Database(path);
  } catch (err) {
    throw new DestinationError('CONNECTION_FAILED', `sqlite: cannot open ${path}: ${(err as Error).message}`);
  }
  // WAL lets readers (the demo's queries, a user's sqlite3 shell) run while a sync writes.
  db.pragma('journal_mode = WAL');
  // With WAL, NORMAL never corrupts the file; a power loss can only lose the last commits, which
  // the next sync rewrites. FULL would fsync on every batch.
  db.pragma('synchronous = NORMAL');
  // Wait for another connection's lock instead of failing a batch at once.
  db.pragma('busy_timeout = 5000');
  db.pragma(`cache_size = -${pageCacheKiB}`);
  return db;
}

/** The column a SQLite constraint message names ("NOT NULL constraint failed: t.col"). */
function constraintColumn(message: string): string | undefined {
  const m = /constraint failed: [^.\s]+\.(\S+)/.exec(message);
  return m?.[1]?.replace(/,$/, '');
}

export function createSqliteDestination(options: SqliteDestinationOptions): SqliteDestination {
  const { writeMode } = options;
  const batchSize = positive('batch_size', options.batchSize, defaultBatchSize);
  const batchSizeBytes = positive('batch_size_bytes', options.batchSizeBytes, defaultBatchSizeBytes);
  const db = openSqliteDatabase(options.connectionString);
  const statements = new Map<string, PreparedWrite>();
  const schemas = new Map<string, TableSchema>();
  let closed = false;

  const ensureOpen = (): void => {
    if (closed) throw new DestinationError('CONNECTION_FAILED', 'sqlite: the destination is closed');
  };

  const prepared = (table: TableSchema): Statement<SqliteValue[]> => {
    const signature = JSON.stringify(table.columns.map((c) => [c.name, c.primaryKey === true]));
    const cached = statements.get(table.name);
    if (cached?.signature === signature) return cached.statement;
    const statement = db.prepare<SqliteValue[]>(insertSql(table, keysFor(table, writeMode)));
    statements.set(table.name, { signature, statement });
    return statement;
  };

  const columnsOf = (table: string): Set<string> => {
    const existing = existingColumns(db, table);
    if (!existing) throw new DestinationError('WRITE_FAILED', `sqlite: table "${table}" does not exist`, table);
    return new Set(existing.keys());
  };

  return {
    name: options.name ?? 'sqlite',
    writeMode,
    batchSize,
    batchSizeBytes,

    async migrate(tables: readonly TableSchema[], mode: MigrateMode): Promise<void> {
      ensureOpen();
      // A rebuilt or altered table invalidates its prepared statements.
      statements.clear();
      try {
        migrateTables(db, tables, mode, writeMode);
      } catch (err) {
        if (err instanceof DestinationError) throw err;
        throw new DestinationError('WRITE_FAILED', `sqlite: migration failed: ${(err as Error).message}`);
      }
      for (const table of tables) schemas.set(table.name, table);
    },

    // better-sqlite3 is synchronous: a batch blocks the event loop while it commits, which is why
    // the engine bounds batches by batchSize and batchSizeBytes.
    async write(table: TableSchema, rows: readonly Row[]): Promise<void> {
      ensureOpen();
      if (rows.length === 0) return;
      const columns = table.columns;
      const values: SqliteValue[] = new Array<SqliteValue>(columns.length);
      try {
        const statement = prepared(table);
        db.transaction(() => {
          for (const row of rows) {
            for (let i = 0; i < columns.length; i++) {
              const column = columns[i];
              if (column) values[i] = encodeValue(column, row[column.name]);
            }
            statement.run(...values);
          }
        })();
      } catch (err) {
        const message = (err as Error).message;
        const column = err instanceof ValueError ? err.column : constraintColumn(message);
        const where = column ? ` column "${column}"` : '';
        throw new DestinationError(
          'WRITE_FAILED',
          `sqlite: write to table "${table.name}"${where} failed, batch of ${rows.length} rows not written: ${message}`,
          table.name,
          column,
        );
      } finally {
        // The reused array would otherwise keep the last row's values alive until the next write.
        values.fill(null);
      }
    },

    async deleteStale(table: TableSchema, scope: StaleScope): Promise<number> {
      ensureOpen();
      const existing = columnsOf(table.name);
      const columns = staleColumns(scope);
      for (const column of columns) {
        if (!existing.has(column)) {
          throw new DestinationError(
            'WRITE_FAILED',
            `sqlite: delete-stale on table "${table.name}": column "${column}" is not in the table`,
            table.name,
            column,
          );
        }
      }
      const statements = staleStatements(scope, columns, quoteIdent, () => '?', 2);
      const head = `DELETE FROM ${quoteIdent(table.name)} WHERE "_cq_source_name" = ? AND "_cq_sync_time" < ? AND `;
      const params = [scope.sourceName, formatTimestamp(scope.syncTime)];
      try {
        return db.transaction(() => statements.reduce((n, s) => n + db.prepare<string[]>(head + s.condition).run(...params, ...s.values).changes, 0))();
      } catch (err) {
        throw new DestinationError(
          'WRITE_FAILED',
          `sqlite: delete-stale on table "${table.name}" failed: ${(err as Error).message}`,
          table.name,
        );
      }
    },

    async readRows(table: string): Promise<Row[]> {
      ensureOpen();
      const types = new Map(schemas.get(table)?.columns.map((c) => [c.name, c.type]));
      const statement = db.prepare<[], Record<string, unknown>>(`SELECT * FROM ${quoteIdent(table)}`).safeIntegers(true);
      const rows: Row[] = [];
      for (const stored of statement.iterate()) {
        const row: Row = {};
        for (const [name, value] of Object.entries(stored)) row[name] = decodeValue(types.get(name), value);
        rows.push(row);
      }
      return rows;
    },

    async countRows(table: string): Promise<number> {
      ensureOpen();
      const row = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${quoteIdent(table)}`).get();
      return row?.n ?? 0;
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      statements.clear();
      db.close();
    },
  };
}
