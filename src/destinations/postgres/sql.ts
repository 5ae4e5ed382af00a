import type { Column, TableSchema } from '../../engine/schema.js';
import { primaryKeyOf } from '../../engine/schema.js';
import type { WriteMode } from '../destination.js';
import { pgType } from './types.js';

/**
 * SQL text for the PostgreSQL destination. Every identifier is quoted: names come from
 * declarations today, but a quote, a keyword or upper case can then never change a statement.
 */
export function quoteIdent(name: string): string {
  if (name.length === 0 || name.includes('\u0000')) throw new Error(`invalid PostgreSQL identifier ${JSON.stringify(name)}`);
  return `"${name.replaceAll('"', '""')}"`;
}

export function qualified(schema: string, table: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}

/**
 * The constraints a table carries in a write mode. As in CloudQuery, only the overwrite modes key
 * the table; append mode is a log where the same row may appear many times (a retried batch
 * too), so it has neither a primary key nor a unique _cq_id.
 */
export interface TableKeys {
  primaryKey: string[];
  unique: string[];
}

export function keysFor(table: TableSchema, writeMode: WriteMode): TableKeys {
  if (writeMode === 'append') return { primaryKey: [], unique: [] };
  const primaryKey = primaryKeyOf(table);
  const unique = table.columns
    .filter((c) => c.unique && !(primaryKey.length === 1 && primaryKey[0] === c.name))
    .map((c) => c.name);
  return { primaryKey, unique };
}

/** PostgreSQL makes key columns NOT NULL whatever the declaration says. */
export function effectiveNotNull(column: Column, keys: TableKeys): boolean {
  return column.notNull === true || keys.primaryKey.includes(column.name);
}

/** CloudQuery's constraint name (`<table>_cqpk`), so its tables and ours look alike. */
export function createTableSql(schema: string, table: TableSchema, keys: TableKeys): string {
  const defs = table.columns.map((c) => {
    let def = `${quoteIdent(c.name)} ${pgType(c.type)}`;
    if (keys.unique.includes(c.name)) def += ' UNIQUE';
    if (effectiveNotNull(c, keys)) def += ' NOT NULL';
    return def;
  });
  if (keys.primaryKey.length > 0) {
    defs.push(`CONSTRAINT ${quoteIdent(`${table.name}_cqpk`)} PRIMARY KEY (${keys.primaryKey.map(quoteIdent).join(', ')})`);
  }
  return `CREATE TABLE ${qualified(schema, table.name)} (${defs.join(', ')})`;
}

export function addColumnSql(schema: string, table: string, column: Column): string {
  return `ALTER TABLE ${qualified(schema, table)} ADD COLUMN ${quoteIdent(column.name)} ${pgType(column.type)}`;
}

export function dropNotNullSql(schema: string, table: string, column: string): string {
  return `ALTER TABLE ${qualified(schema, table)} ALTER COLUMN ${quoteIdent(column)} DROP NOT NULL`;
}

export function uniqueIndexSql(schema: string, table: string, column: string): string {
  return `CREATE UNIQUE INDEX IF NOT EXISTS ${quoteIdent(`${table}_${column}_key`)} ON ${qualified(schema, table)} (${quoteIdent(column)})`;
}

/** create_performance_indexes: delete-stale filters on these two columns. */
export function staleIndexSql(schema: string, table: string): string {
  return `CREATE INDEX IF NOT EXISTS ${quoteIdent(`${table}_cqpi`)} ON ${qualified(schema, table)} ("_cq_source_name", "_cq_sync_time")`;
}

const stage = 'pg_temp.canopy_stage';
const ordinal = quoteIdent('_canopy_ord');

/**
 * The statements of one overwrite-mode write: a staging table that lives until the transaction
 * ends, the COPY that fills it, and the merge. The ordinal keeps COPY's input order, so when a
 * batch holds one key twice the last row wins, as it would with one upsert per row.
 */
export function stagedWriteSql(schema: string, table: TableSchema, keys: TableKeys, unique = false): { create: string; copy: string; merge: string } {
  const names = table.columns.map((c) => quoteIdent(c.name));
  const defs = table.columns.map((c) => `${quoteIdent(c.name)} ${pgType(c.type)}`);
  const create = `CREATE TEMPORARY TABLE canopy_stage (${[...defs, `${ordinal} bigint GENERATED ALWAYS AS IDENTITY`].join(', ')}) ON COMMIT DROP`;
  const copy = `COPY ${stage} (${names.join(', ')}) FROM STDIN`;
  const pk = keys.primaryKey.map(quoteIdent);
  // Within one batch the last row of a key wins; a batch known to hold each key once skips that sort.
  const select = unique
    ? `SELECT ${names.join(', ')} FROM ${stage}`
    : `SELECT DISTINCT ON (${pk.join(', ')}) ${names.join(', ')} FROM ${stage} ORDER BY ${pk.join(', ')}, ${ordinal} DESC`;
  const updates = table.columns.filter((c) => !keys.primaryKey.includes(c.name)).map((c) => `${quoteIdent(c.name)} = EXCLUDED.${quoteIdent(c.name)}`);
  // A table whose every column is in the key has nothing to update: the row is already there.
  const action = updates.length > 0 ? `DO UPDATE SET ${updates.join(', ')}` : 'DO NOTHING';
  const merge = `INSERT INTO ${qualified(schema, table.name)} (${names.join(', ')}) ${select} ON CONFLICT (${pk.join(', ')}) ${action}`;
  return { create, copy, merge };
}

/** Whether a table holds no row (a first sync's tables: rows can be copied straight in). */
export function isEmptySql(schema: string, table: string): string {
  return `SELECT NOT EXISTS (SELECT FROM ${qualified(schema, table)}) AS empty`;
}

/** Append mode has no key to merge on: rows are copied straight into the table. */
export function directCopySql(schema: string, table: TableSchema): string {
  return `COPY ${qualified(schema, table.name)} (${table.columns.map((c) => quoteIdent(c.name)).join(', ')}) FROM STDIN`;
}
