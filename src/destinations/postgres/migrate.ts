import type { ClientBase } from 'pg';
import type { Column, TableSchema } from '../../engine/schema.js';
import type { MigrateMode, WriteMode } from '../destination.js';
import { DestinationError } from '../destination.js';
import {
  addColumnSql,
  createTableSql,
  dropNotNullSql,
  effectiveNotNull,
  keysFor,
  qualified,
  quoteIdent,
  staleIndexSql,
  uniqueIndexSql,
} from './sql.js';
import { typeMatches } from './types.js';

/** A column as the database has it. */
export interface ExistingColumn {
  name: string;
  /** format_type() output: `bigint`, `text[]`, `timestamp without time zone`. */
  type: string;
  notNull: boolean;
  primaryKey: boolean;
  /** Unique on its own: a single-column unique index (or the primary key) without a predicate. */
  unique: boolean;
}

const columnsQuery = `
  SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
    COALESCE(a.attnum = ANY (pk.conkey), false) AS primary_key,
    EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisunique AND i.indnkeyatts = 1
      AND i.indkey[0] = a.attnum AND i.indpred IS NULL) AS is_unique
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_constraint pk ON pk.conrelid = c.oid AND pk.contype = 'p'
  WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')
  ORDER BY a.attnum`;

interface ColumnRow {
  name: string;
  type: string;
  not_null: boolean;
  primary_key: boolean;
  is_unique: boolean;
}

/** The table's columns in the database, or undefined when the table does not exist. */
export async function existingColumns(client: ClientBase, schema: string, table: string): Promise<Map<string, ExistingColumn> | undefined> {
  const { rows } = await client.query<ColumnRow>(columnsQuery, [schema, table]);
  if (rows.length === 0) return undefined;
  return new Map(
    rows.map((r) => [r.name, { name: r.name, type: r.type, notNull: r.not_null, primaryKey: r.primary_key, unique: r.is_unique }]),
  );
}

/** What migrate must do to one existing table. */
export interface TablePlan {
  add: Column[];
  /** Existing columns that gain a unique index. */
  addUnique: string[];
  /** NOT NULL constraints to drop: loosening one loses nothing, and keeping it would fail writes. */
  dropNotNull: string[];
  /** Changes that need the table rebuilt; each names its column. */
  destructive: { column: string; reason: string }[];
}

export function planTable(table: TableSchema, existing: Map<string, ExistingColumn>, writeMode: WriteMode): TablePlan {
  const keys = keysFor(table, writeMode);
  const plan: TablePlan = { add: [], addUnique: [], dropNotNull: [], destructive: [] };
  const refuse = (column: string, reason: string): void => {
    plan.destructive.push({ column, reason });
  };
  for (const column of table.columns) {
    const inKey = keys.primaryKey.includes(column.name);
    const notNull = effectiveNotNull(column, keys);
    const have = existing.get(column.name);
    if (!have) {
      // Existing rows would have no value for a new key or NOT NULL column.
      if (inKey) refuse(column.name, 'is a new column in the primary key');
      else if (notNull) refuse(column.name, 'is a new NOT NULL column');
      else plan.add.push(column);
      continue;
    }
    if (!typeMatches(column.type, have.type)) refuse(column.name, `changes type from ${have.type} to ${column.type}`);
    if (inKey && !have.primaryKey) refuse(column.name, 'becomes part of the primary key');
    if (!inKey && have.primaryKey) refuse(column.name, 'leaves the primary key');
    if (notNull && !have.notNull) refuse(column.name, 'becomes NOT NULL');
    if (!notNull && have.notNull && !have.primaryKey) plan.dropNotNull.push(column.name);
    if (keys.unique.includes(column.name) && !have.unique) plan.addUnique.push(column.name);
  }
  for (const have of existing.values()) {
    if (table.columns.some((c) => c.name === have.name)) continue;
    // Extra columns are left alone (CloudQuery's safe mode), unless they would make every write fail.
    if (have.primaryKey) refuse(have.name, 'is in the primary key but no longer in the schema');
    else if (have.notNull) plan.dropNotNull.push(have.name);
  }
  return plan;
}

export interface MigrateOptions {
  schema: string;
  mode: MigrateMode;
  writeMode: WriteMode;
  performanceIndexes: boolean;
}

/**
 * Brings every table to its schema inside the caller's transaction (PostgreSQL DDL is
 * transactional, so a failure half way leaves nothing half-migrated). Safe mode refuses all
 * destructive changes before touching any table; forced mode drops and recreates such a table
 * (its rows come back with the next sync).
 */
export async function migrateTables(client: ClientBase, tables: readonly TableSchema[], options: MigrateOptions): Promise<void> {
  const { schema, mode, writeMode } = options;
  for (const table of tables) checkIdentifiers(table);
  const plans: { table: TableSchema; plan: TablePlan | undefined }[] = [];
  for (const table of tables) {
    const existing = await existingColumns(client, schema, table.name);
    plans.push({ table, plan: existing ? planTable(table, existing, writeMode) : undefined });
  }
  if (mode === 'safe') {
    for (const { table, plan } of plans) {
      const first = plan?.destructive[0];
      if (!plan || !first) continue;
      const all = plan.destructive.map((d) => `column "${d.column}" ${d.reason}`).join('; ');
      throw new DestinationError(
        'MIGRATION_REFUSED',
        `postgresql: table "${table.name}" in schema "${schema}" needs a destructive change (${all}) (write mode ${writeMode}); ` +
          'set migrate_mode: forced to drop and recreate it',
        table.name,
        first.column,
      );
    }
  }
  const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (exists.rowCount === 0) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
  for (const { table, plan } of plans) {
    const keys = keysFor(table, writeMode);
    if (!plan || plan.destructive.length > 0) {
      if (plan) await client.query(`DROP TABLE ${qualified(schema, table.name)}`);
      await client.query(createTableSql(schema, table, keys));
    } else {
      for (const column of plan.add) await client.query(addColumnSql(schema, table.name, column));
      for (const column of plan.dropNotNull) await client.query(dropNotNullSql(schema, table.name, column));
      for (const column of plan.addUnique) await addUniqueIndex(client, schema, table.name, column);
      for (const column of plan.add.filter((c) => keys.unique.includes(c.name))) {
        await client.query(uniqueIndexSql(schema, table.name, column.name));
      }
    }
    const hasCqColumns = ['_cq_source_name', '_cq_sync_time'].every((n) => table.columns.some((c) => c.name === n));
    if (options.performanceIndexes && hasCqColumns) await client.query(staleIndexSql(schema, table.name));
  }
}

// PostgreSQL cuts longer names to 63 bytes, so a later migrate would not find the table or column it made.
const maxIdentifierBytes = 63;

function checkIdentifiers(table: TableSchema): void {
  const long = [table.name, ...table.columns.map((c) => c.name)].find((n) => Buffer.byteLength(n) > maxIdentifierBytes);
  if (long === undefined) return;
  const column = long === table.name ? undefined : long;
  throw new DestinationError(
    'MIGRATION_REFUSED',
    `postgresql: table "${table.name}"${column ? ` column "${column}"` : ''}: name longer than PostgreSQL's ${maxIdentifierBytes}-byte limit`,
    table.name,
    column,
  );
}

async function addUniqueIndex(client: ClientBase, schema: string, table: string, column: string): Promise<void> {
  try {
    await client.query(uniqueIndexSql(schema, table, column));
  } catch (err) {
    // unique_violation: the caller's transaction rolls back, so the refusal changes nothing.
    if ((err as { code?: unknown }).code !== '23505') throw err;
    throw new DestinationError(
      'MIGRATION_REFUSED',
      `postgresql: table "${table}" column "${column}" must be unique but holds duplicates; ` +
        'set migrate_mode: forced to drop and recreate it',
      table,
      column,
    );
  }
}
