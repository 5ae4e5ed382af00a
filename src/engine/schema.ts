/**
 * What a destination needs to know about a table: its columns and keys. Tables (src/tables) are
 * declared from AWS models; the engine turns each declaration into a TableSchema, and every
 * destination stores rows of that shape. Names and types follow CloudQuery's so SQL written for
 * CloudQuery runs unchanged.
 */
export type ColumnType =
  /** text */
  | 'string'
  /** 64-bit integer */
  | 'int'
  /** double precision */
  | 'float'
  | 'bool'
  /** UTC timestamp with microsecond precision (CloudQuery's timestamp[us, UTC]) */
  | 'timestamp'
  /** nested structures and lists: jsonb in PostgreSQL, JSON text in SQLite */
  | 'json'
  /** a list of strings: text[] in PostgreSQL, a JSON array elsewhere */
  | 'string_list'
  | 'uuid'
  | 'bytes';

export interface Column {
  name: string;
  type: ColumnType;
  /** Part of the table's primary key (upserts match on it). */
  primaryKey?: boolean;
  notNull?: boolean;
  /** Unique on its own, as _cq_id is. */
  unique?: boolean;
  description?: string;
}

export interface TableSchema {
  name: string;
  columns: Column[];
  description?: string;
  /** The parent table of a child table (rows carry the parent's _cq_id in _cq_parent_id). */
  parent?: string;
}

/** One row: column name -> value (string, number, boolean, Date, plain object or array, null). */
export type Row = Record<string, unknown>;

/** The columns every table has, as in CloudQuery. */
export const cqColumns: readonly Column[] = [
  { name: '_cq_id', type: 'uuid', notNull: true, unique: true },
  { name: '_cq_parent_id', type: 'uuid' },
  { name: '_cq_source_name', type: 'string' },
  { name: '_cq_sync_time', type: 'timestamp' },
];

export function primaryKeyOf(table: TableSchema): string[] {
  const keys = table.columns.filter((c) => c.primaryKey).map((c) => c.name);
  // Tables without a natural key are keyed by _cq_id, as CloudQuery does.
  return keys.length > 0 ? keys : ['_cq_id'];
}
