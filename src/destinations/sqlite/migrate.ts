import type { Database } from 'better-sqlite3';
import type { Column, TableSchema } from '../../engine/schema.js';
import type { MigrateMode, WriteMode } from '../destination.js';
import { DestinationError } from '../destination.js';
import { addColumnSql, createTableSql, keysFor, quoteIdent, typeMatches, uniqueIndexSql } from './sql.js';

/** A column as the database has it (PRAGMA table_info plus single-column unique indexes). */
export interface ExistingColumn {
  name: string;
  type: string;
  notNull: boolean;
  primaryKey: boolean;
  unique: boolean;
}

/** The table's columns in the database, or undefined when the table does not exist. */
export function existingColumns(db: Database, table: string): Map<string, ExistingColumn> | undefined {
  // The pragma functions take the table name as a bound parameter: no quoting needed.
  const info = db
    .prepare<[string], { name: string; type: string; notnull: number; pk: number }>(
      'SELECT name, type, "notnull", pk FROM pragma_table_info(?)',
    )
    .all(table);
  if (info.length === 0) return undefined;
  const uniqueColumns = new Set<string>();
  const indexes = db
    .prepare<[string], { name: string; unique: number }>('SELECT name, "unique" FROM pragma_index_list(?)')
    .all(table);
  for (const index of indexes) {
    if (!index.unique) continue;
    const cols = db.prepare<[string], { name: string }>('SELECT name FROM pragma_index_info(?)').all(index.name);
    if (cols.length === 1 && cols[0]) uniqueColumns.add(cols[0].name);
  }
  const columns = new Map<string, ExistingColumn>();
  for (const c of info) {
    columns.set(c.name, {
      name: c.name,
      type: c.type,
      notNull: c.notnull === 1,
      primaryKey: c.pk > 0,
      unique: uniqueColumns.has(c.name),
    });
  }
  // A single-column primary key is unique even when no separate index says so (INTEGER PRIMARY KEY).
  const pk = [...columns.values()].filter((c) => c.primaryKey);
  if (pk.length === 1 && pk[0]) pk[0].unique = true;
  return columns;
}

/** What migrate must do to one existing table. */
export interface TablePlan {
  add: Column[];
  /** Existing columns that gain a unique index (CloudQuery's own sqlite tables have none on _cq_id). */
  addUnique: string[];
  /** Changes that need the table rebuilt; each names its column. */
  destructive: { column: string; reason: string }[];
}

export function planTable(table: TableSchema, existing: Map<string, ExistingColumn>, writeMode: WriteMode): TablePlan {
  const keys = keysFor(table, writeMode);
  const plan: TablePlan = { add: [], addUnique: [], destructive: [] };
  const refuse = (column: string, reason: string): void => {
    plan.destructive.push({ column, reason });
  };
  for (const column of table.columns) {
    const inKey = keys.primaryKey.includes(column.name);
    const have = existing.get(column.name);
    if (!have) {
      // ALTER TABLE can add neither a key column nor a NOT NULL column without a default.
      if (inKey) refuse(column.name, 'is a new column in the primary key');
      else if (column.notNull) refuse(column.name, 'is a new NOT NULL column');
      else plan.add.push(column);
      continue;
    }
    if (!typeMatches(column.type, have.type)) {
      refuse(column.name, `changes type from ${have.type || 'none'} to ${column.type}`);
    }
    if (inKey && !have.primaryKey) refuse(column.name, 'becomes part of the primary key');
    if (!inKey && have.primaryKey) refuse(column.name, 'leaves the primary key');
    if (column.notNull && !have.notNull) refuse(column.name, 'becomes NOT NULL');
    // SQLite cannot drop NOT NULL in place, and keeping it would make writes of NULL fail.
    if (!column.notNull && have.notNull) refuse(column.name, 'is no longer NOT NULL');
    // Additive: an index over the existing values; it fails (and names the column) only on duplicates.
    if (keys.unique.includes(column.name) && !have.unique) plan.addUnique.push(column.name);
  }
  for (const have of existing.values()) {
    if (table.columns.some((c) => c.name === have.name)) continue;
    // Extra columns are left alone (CloudQuery's safe mode) unless they would make every write fail.
    if (have.primaryKey) refuse(have.name, 'is in the primary key but no longer in the schema');
    else if (have.notNull) refuse(have.name, 'is NOT NULL but no longer in the schema');
  }
  return plan;
}

/**
 * Brings every table to its schema. Safe mode refuses all destructive changes before touching any
 * table, so a refused migration leaves the database as it was; forced mode drops and recreates a
 * table whose change is destructive (its rows are lost and come back with the next sync).
 */
export function migrateTables(
  db: Database,
  tables: readonly TableSchema[],
  mode: MigrateMode,
  writeMode: WriteMode,
): void {
  const plans = tables.map((table) => {
    const existing = existingColumns(db, table.name);
    return { table, plan: existing ? planTable(table, existing, writeMode) : undefined };
  });
  if (mode === 'safe') {
    for (const { table, plan } of plans) {
      const first = plan?.destructive[0];
      if (!plan || !first) continue;
      const all = plan.destructive.map((d) => `column "${d.column}" ${d.reason}`).join('; ');
      throw new DestinationError(
        'MIGRATION_REFUSED',
        `sqlite: table "${table.name}" needs a destructive change (${all}) (write mode ${writeMode}); ` +
          'set migrate_mode: forced to drop and recreate it',
        table.name,
        first.column,
      );
    }
  }
  // One transaction: SQLite DDL is transactional, so a failure half way leaves no half-migrated set.
  db.transaction(() => {
    for (const { table, plan } of plans) {
      if (!plan) {
        db.exec(createTableSql(table, keysFor(table, writeMode)));
      } else if (plan.destructive.length > 0) {
        db.exec(`DROP TABLE ${quoteIdent(table.name)}`);
        db.exec(createTableSql(table, keysFor(table, writeMode)));
      } else {
        const { unique } = keysFor(table, writeMode);
        for (const column of plan.add) {
          for (const sql of addColumnSql(table.name, column, unique.includes(column.name))) db.exec(sql);
        }
        for (const column of plan.addUnique) addUniqueIndex(db, table.name, column);
      }
    }
  })();
}

function addUniqueIndex(db: Database, table: string, column: string): void {
  try {
    db.exec(uniqueIndexSql(table, column));
  } catch (err) {
    throw new DestinationError(
      'MIGRATION_REFUSED',
      `sqlite: table "${table}" column "${column}" must be unique but holds duplicates ` +
        `(${(err as Error).message}); set migrate_mode: forced to drop and recreate it`,
      table,
      column,
    );
  }
}
