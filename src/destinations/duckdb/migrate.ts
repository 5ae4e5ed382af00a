import type { Column, TableSchema } from '../../engine/schema.js';
import type { MigrateMode, WriteMode } from '../destination.js';
import { DestinationError } from '../destination.js';
import type { DuckdbSession } from './session.js';
import { addColumnSql, createTableSql, duckdbType, keysFor, quoteIdent, typeMatches, uniqueIndexSql, wantsNotNull } from './sql.js';

/** A column as the database has it (duckdb_columns, duckdb_constraints, duckdb_indexes). */
export interface ExistingColumn {
  name: string;
  type: string;
  notNull: boolean;
  primaryKey: boolean;
  unique: boolean;
}

// Only the attached file's own tables: the connection's temp tables (the staging table) are not inventory.
const inMain = 'database_name = current_database() AND schema_name = current_schema() AND table_name = $1';

/** The table's columns in the database, or undefined when the table does not exist. */
export async function existingColumns(session: DuckdbSession, table: string): Promise<Map<string, ExistingColumn> | undefined> {
  const info = await session.rows(`SELECT column_name, data_type, is_nullable FROM duckdb_columns() WHERE ${inMain} ORDER BY column_index`, [table]);
  if (info.length === 0) return undefined;
  const primaryKey = new Set<string>();
  const unique = new Set<string>();
  const constraints = await session.rows(
    `SELECT constraint_type, constraint_column_names FROM duckdb_constraints() WHERE ${inMain} AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')`,
    [table],
  );
  for (const c of constraints) {
    const names = Array.isArray(c.constraint_column_names) ? c.constraint_column_names.map(String) : [];
    if (c.constraint_type === 'PRIMARY KEY') for (const n of names) primaryKey.add(n);
    else if (names.length === 1 && names[0] !== undefined) unique.add(names[0]);
  }
  // Uniqueness added by a later migrate is an index (ALTER cannot add the constraint); its
  // expressions read `[col]`, or `["odd col"]` when the name needs quoting.
  const indexes = await session.rows(`SELECT expressions FROM duckdb_indexes() WHERE ${inMain} AND is_unique`, [table]);
  const indexed = new Set(indexes.map((i) => String(i.expressions)));
  const columns = new Map<string, ExistingColumn>();
  for (const c of info) {
    const name = String(c.column_name);
    columns.set(name, {
      name,
      type: String(c.data_type),
      notNull: c.is_nullable === false,
      primaryKey: primaryKey.has(name),
      unique: unique.has(name) || indexed.has(`[${name}]`) || indexed.has(`[${quoteIdent(name)}]`),
    });
  }
  const pk = [...columns.values()].filter((c) => c.primaryKey);
  if (pk.length === 1 && pk[0]) pk[0].unique = true;
  return columns;
}

/** What migrate must do to one existing table. */
export interface TablePlan {
  add: Column[];
  /** Columns (existing or added) that gain a unique index. */
  addUnique: string[];
  /** Changes that need the table rebuilt; each names its column. */
  destructive: { column: string; reason: string }[];
}

/**
 * Compares a table's schema with the database, as CloudQuery's duckdb plugin does (key columns
 * count as NOT NULL, since DuckDB makes them so). Additive changes are planned; the rest refused.
 */
export function planTable(table: TableSchema, existing: Map<string, ExistingColumn>, writeMode: WriteMode): TablePlan {
  const keys = keysFor(table, writeMode);
  const plan: TablePlan = { add: [], addUnique: [], destructive: [] };
  const refuse = (column: string, reason: string): void => {
    plan.destructive.push({ column, reason });
  };
  for (const column of table.columns) {
    const inKey = keys.primaryKey.includes(column.name);
    const notNull = wantsNotNull(column, keys);
    const have = existing.get(column.name);
    if (!have) {
      // ALTER TABLE can add neither a key column nor a NOT NULL column without a default.
      if (inKey) refuse(column.name, 'is a new column in the primary key');
      else if (notNull) refuse(column.name, 'is a new NOT NULL column');
      else {
        plan.add.push(column);
        if (keys.unique.includes(column.name)) plan.addUnique.push(column.name);
      }
      continue;
    }
    if (!typeMatches(column.type, have.type)) refuse(column.name, `changes type from ${have.type} to ${duckdbType(column.type)}`);
    if (inKey && !have.primaryKey) refuse(column.name, 'becomes part of the primary key');
    if (!inKey && have.primaryKey) refuse(column.name, 'leaves the primary key');
    if (notNull && !have.notNull) refuse(column.name, 'becomes NOT NULL');
    // DuckDB could drop the constraint in place, but not on a table with an index (a user's, or the
    // unique index a migrate added), and CloudQuery refuses the change too.
    if (!notNull && have.notNull && !have.primaryKey) refuse(column.name, 'is no longer NOT NULL');
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

function refusal(table: string, writeMode: WriteMode, destructive: TablePlan['destructive']): DestinationError {
  const all = destructive.map((d) => `column "${d.column}" ${d.reason}`).join('; ');
  return new DestinationError(
    'MIGRATION_REFUSED',
    `duckdb: table "${table}" needs a destructive change (${all}) (write mode ${writeMode}); ` +
      'set migrate_mode: forced to drop and recreate it',
    table,
    destructive[0]?.column,
  );
}

/**
 * Brings every table to its schema. Safe mode refuses all destructive changes before touching any
 * table; forced mode drops and recreates a table whose change is destructive (its rows come back
 * with the next sync). DuckDB's DDL is transactional, so all of it is one transaction: a failure
 * half way (duplicates under a new unique index) leaves no table half-migrated.
 */
export async function migrateTables(
  session: DuckdbSession,
  tables: readonly TableSchema[],
  mode: MigrateMode,
  writeMode: WriteMode,
): Promise<void> {
  const plans: { table: TableSchema; plan: TablePlan | undefined }[] = [];
  for (const table of tables) {
    const existing = await existingColumns(session, table.name);
    plans.push({ table, plan: existing ? planTable(table, existing, writeMode) : undefined });
  }
  if (mode === 'safe') {
    for (const { table, plan } of plans) {
      if (plan && plan.destructive.length > 0) throw refusal(table.name, writeMode, plan.destructive);
    }
  }
  await session.transaction(async () => {
    for (const { table, plan } of plans) {
      const keys = keysFor(table, writeMode);
      if (!plan) {
        await session.run(createTableSql(table, keys));
      } else if (plan.destructive.length > 0) {
        await session.run(`DROP TABLE ${quoteIdent(table.name)}`);
        await session.run(createTableSql(table, keys));
      } else {
        // ADD COLUMN works on keyed and indexed tables; only constraints cannot be added with it.
        for (const column of plan.add) await session.run(addColumnSql(table.name, column));
        for (const column of plan.addUnique) await addUniqueIndex(session, table.name, column);
      }
    }
  });
}

async function addUniqueIndex(session: DuckdbSession, table: string, column: string): Promise<void> {
  try {
    await session.run(uniqueIndexSql(table, column));
  } catch (err) {
    throw new DestinationError(
      'MIGRATION_REFUSED',
      `duckdb: table "${table}" column "${column}" must be unique but holds duplicates ` +
        `(${(err as Error).message}); set migrate_mode: forced to drop and recreate it`,
      table,
      column,
    );
  }
}
