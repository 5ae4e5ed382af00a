import type { Column, ColumnType, TableSchema } from '../../engine/schema.js';
import { primaryKeyOf } from '../../engine/schema.js';
import type { WriteMode } from '../destination.js';

/**
 * SQL text for the DuckDB destination. Every identifier goes through quoteIdent: names come from
 * declarations, but quoting them all means a keyword (`order`, `at`), a quote or a space can never
 * change a statement.
 */
export function quoteIdent(name: string): string {
  if (name.length === 0 || name.includes('\u0000')) {
    throw new Error(`invalid DuckDB identifier ${JSON.stringify(name)}`);
  }
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Column types as CloudQuery's duckdb plugin declares them (client/types.go arrowToDuckDB): int64
 * bigint, float64 double, timestamps timestamp (UTC, microseconds, no zone), JSON json, UUIDs uuid,
 * lists `<elem>[]`, binary blob, everything else varchar. DuckDB reports them in upper case.
 */
const declaredTypes: Record<ColumnType, string> = {
  string: 'VARCHAR',
  uuid: 'UUID',
  int: 'BIGINT',
  float: 'DOUBLE',
  bool: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  json: 'JSON',
  string_list: 'VARCHAR[]',
  bytes: 'BLOB',
};

export function duckdbType(type: ColumnType): string {
  return declaredTypes[type];
}

/** Whether a column's type in the database (duckdb_columns().data_type) is the one a schema type maps to. */
export function typeMatches(type: ColumnType, dataType: string): boolean {
  return declaredTypes[type] === dataType.trim().toUpperCase();
}

/**
 * The constraints a table carries in a write mode. As in CloudQuery, only the overwrite modes key
 * the table: append mode is a log where the same resource may appear many times, so it has no
 * primary key and no unique _cq_id.
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

/** DuckDB makes key columns NOT NULL whatever the declaration says, so the schema is compared the same way. */
export function wantsNotNull(column: Column, keys: TableKeys): boolean {
  return column.notNull === true || keys.primaryKey.includes(column.name);
}

export function createTableSql(table: TableSchema, keys: TableKeys): string {
  const defs = table.columns.map((c) => {
    let def = `${quoteIdent(c.name)} ${duckdbType(c.type)}`;
    if (wantsNotNull(c, keys)) def += ' NOT NULL';
    if (keys.unique.includes(c.name)) def += ' UNIQUE';
    return def;
  });
  if (keys.primaryKey.length > 0) defs.push(`PRIMARY KEY (${keys.primaryKey.map(quoteIdent).join(', ')})`);
  return `CREATE TABLE ${quoteIdent(table.name)} (${defs.join(', ')})`;
}

/** DuckDB's ALTER TABLE cannot add a column with a constraint, so a unique column gets its index separately. */
export function addColumnSql(table: string, column: Column): string {
  return `ALTER TABLE ${quoteIdent(table)} ADD COLUMN ${quoteIdent(column.name)} ${duckdbType(column.type)}`;
}

export function uniqueIndexName(table: string, column: string): string {
  return `${table}_${column}_key`;
}

export function uniqueIndexSql(table: string, column: string): string {
  return `CREATE UNIQUE INDEX IF NOT EXISTS ${quoteIdent(uniqueIndexName(table, column))} ON ${quoteIdent(table)} (${quoteIdent(column)})`;
}

/** The connection's private staging table (temp tables live in the `temp` catalog, never in the file). */
export const stagingTable = 'canopy_stage';
const staging = `temp.main.${quoteIdent(stagingTable)}`;

/** The staging table has the target's column types and no constraints: the merge checks those, naming the column. */
export function createStagingSql(table: TableSchema): string {
  const defs = table.columns.map((c) => `${quoteIdent(c.name)} ${duckdbType(c.type)}`);
  return `CREATE OR REPLACE TEMP TABLE ${quoteIdent(stagingTable)} (${defs.join(', ')})`;
}

export function dropStagingSql(): string {
  return `DROP TABLE IF EXISTS ${staging}`;
}

/**
 * Moves the staged batch into the table: a plain insert in append mode, an upsert on the primary
 * key in the overwrite modes, where every non-key column takes the new value.
 *
 * CloudQuery's plugin deletes and re-inserts instead, because the DuckDB of 2023 could not update
 * list columns. 1.5 updates lists and assigns UNIQUE columns (_cq_id) in ON CONFLICT (the test
 * suite proves both), and the upsert finds its rows through the primary-key index instead of
 * joining the whole table on every batch.
 * DuckDB checks UNIQUE eagerly inside one statement, so a batch that moves a _cq_id from one key
 * to another fails (as it would row by row in SQLite); canopy derives _cq_id from the key, so an
 * id never moves, and a changed one (the tests' random ids) is a plain update.
 * Rows of one batch with the same key keep the last (as a per-row upsert would): DuckDB's
 * ON CONFLICT does not define which duplicate wins, so QUALIFY keeps the highest rowid, which in
 * a freshly created staging table is the append order.
 */
export function mergeSql(table: TableSchema, keys: TableKeys): string {
  const names = table.columns.map((c) => quoteIdent(c.name));
  const list = names.join(', ');
  const insert = `INSERT INTO ${quoteIdent(table.name)} (${list}) SELECT ${list} FROM ${staging}`;
  if (keys.primaryKey.length === 0) return insert;
  const target = keys.primaryKey.map(quoteIdent).join(', ');
  const latest = ` QUALIFY row_number() OVER (PARTITION BY ${target} ORDER BY rowid DESC) = 1`;
  const updates = table.columns
    .filter((c) => !keys.primaryKey.includes(c.name))
    .map((c) => `${quoteIdent(c.name)} = excluded.${quoteIdent(c.name)}`);
  // A table whose every column is in the key has nothing to update: the row is already there.
  const action = updates.length > 0 ? `DO UPDATE SET ${updates.join(', ')}` : 'DO NOTHING';
  return `${insert}${latest} ON CONFLICT (${target}) ${action}`;
}
