import type { Column, ColumnType, TableSchema } from '../../engine/schema.js';
import { primaryKeyOf } from '../../engine/schema.js';
import type { WriteMode } from '../destination.js';

/**
 * SQL text for the SQLite destination. Every identifier goes through quoteIdent: table and column
 * names come from declarations today, but quoting them all means a hostile or odd name (a quote,
 * a keyword, a space) can never change the statement.
 */
export function quoteIdent(name: string): string {
  // SQLite cuts strings at NUL, so a name containing one would silently become another name.
  if (name.length === 0 || name.includes('\u0000')) {
    throw new Error(`invalid SQLite identifier ${JSON.stringify(name)}`);
  }
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Declared column types. CloudQuery's sqlite plugin (plugins/destination/sqlite/client/types.go)
 * stores integers as integer, floats as real, binary as blob, and everything else (strings, UUIDs,
 * JSON, lists) as text; its booleans are bound as 0/1 and its timestamps written as text. We
 * declare those two as INTEGER and TEXT, the storage classes the values really have, so the
 * column affinity matches what is stored.
 */
const declaredTypes: Record<ColumnType, string> = {
  string: 'TEXT',
  uuid: 'TEXT',
  int: 'INTEGER',
  float: 'REAL',
  bool: 'INTEGER',
  timestamp: 'TEXT',
  json: 'TEXT',
  string_list: 'TEXT',
  bytes: 'BLOB',
};

/**
 * Declared types a database column may have and still match a schema type: CloudQuery declares
 * booleans as `boolean` and timestamps as `timestamp`, and a database it wrote should migrate
 * without a forced rebuild, since the stored values are the same.
 */
const acceptedTypes: Record<ColumnType, readonly string[]> = {
  string: ['TEXT'],
  uuid: ['TEXT'],
  int: ['INTEGER'],
  float: ['REAL'],
  bool: ['INTEGER', 'BOOLEAN'],
  timestamp: ['TEXT', 'TIMESTAMP'],
  json: ['TEXT'],
  string_list: ['TEXT'],
  bytes: ['BLOB'],
};

export function sqliteType(type: ColumnType): string {
  return declaredTypes[type];
}

export function typeMatches(type: ColumnType, declared: string): boolean {
  return acceptedTypes[type].includes(declared.trim().toUpperCase());
}

/**
 * The constraints a table carries in a write mode. As in CloudQuery, only the overwrite modes key
 * the table: append mode is a log, where the same resource (even the same row, if a batch is
 * retried) may appear many times, so it has no primary key and no unique _cq_id.
 */
export interface TableKeys {
  primaryKey: string[];
  unique: string[];
}

export function keysFor(table: TableSchema, writeMode: WriteMode): TableKeys {
  if (writeMode === 'append') return { primaryKey: [], unique: [] };
  const primaryKey = primaryKeyOf(table);
  // A single-column primary key is already unique; a second index on it would only cost writes.
  const unique = table.columns
    .filter((c) => c.unique && !(primaryKey.length === 1 && primaryKey[0] === c.name))
    .map((c) => c.name);
  return { primaryKey, unique };
}

function columnDef(column: Column, keys: TableKeys): string {
  let def = `${quoteIdent(column.name)} ${sqliteType(column.type)}`;
  if (column.notNull) def += ' NOT NULL';
  if (keys.unique.includes(column.name)) def += ' UNIQUE';
  return def;
}

export function createTableSql(table: TableSchema, keys: TableKeys): string {
  const defs = table.columns.map((c) => columnDef(c, keys));
  if (keys.primaryKey.length > 0) {
    defs.push(`PRIMARY KEY (${keys.primaryKey.map(quoteIdent).join(', ')})`);
  }
  return `CREATE TABLE ${quoteIdent(table.name)} (${defs.join(', ')})`;
}

/** ALTER TABLE cannot add a UNIQUE column, so uniqueness of an added column is a separate index. */
export function addColumnSql(table: string, column: Column, unique: boolean): string[] {
  const sql = [`ALTER TABLE ${quoteIdent(table)} ADD COLUMN ${quoteIdent(column.name)} ${sqliteType(column.type)}`];
  if (unique) sql.push(uniqueIndexSql(table, column.name));
  return sql;
}

export function uniqueIndexSql(table: string, column: string): string {
  return `CREATE UNIQUE INDEX IF NOT EXISTS ${quoteIdent(`${table}_${column}_key`)} ON ${quoteIdent(table)} (${quoteIdent(column)})`;
}

/**
 * The statement for one row: an upsert on the primary key in the overwrite modes (every non-key
 * column takes the new value, so a resource that changed is updated in place), a plain insert in
 * append mode.
 */
export function insertSql(table: TableSchema, keys: TableKeys): string {
  const names = table.columns.map((c) => quoteIdent(c.name));
  const insert = `INSERT INTO ${quoteIdent(table.name)} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
  if (keys.primaryKey.length === 0) return insert;
  const target = keys.primaryKey.map(quoteIdent).join(', ');
  const updates = table.columns
    .filter((c) => !keys.primaryKey.includes(c.name))
    .map((c) => `${quoteIdent(c.name)} = excluded.${quoteIdent(c.name)}`);
  // A table whose every column is in the key has nothing to update: the row is already there.
  const action = updates.length > 0 ? `DO UPDATE SET ${updates.join(', ')}` : 'DO NOTHING';
  return `${insert} ON CONFLICT (${target}) ${action}`;
}
