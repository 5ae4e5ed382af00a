import { hash } from 'node:crypto';
import type { Row } from './schema.js';
import type { Details, Item, PartitionContext, Table } from './table.js';

export interface SyncInfo {
  sourceName: string;
  syncTime: Date;
}

/**
 * A name-based (version 5 style, SHA-1) UUID from the table and its primary key values, so a
 * resource keeps its _cq_id from one sync to the next and across destinations.
 */
export function deterministicId(table: string, keyValues: readonly unknown[]): string {
  // One-shot hashing (no Hash object per row); the bytes hashed are the same: table, NUL, JSON key.
  const digest = hash('sha1', `${table}\u0000${JSON.stringify(keyValues)}`, 'buffer');
  digest[6] = ((digest[6] ?? 0) & 0x0f) | 0x50;
  digest[8] = ((digest[8] ?? 0) & 0x3f) | 0x80;
  const hex = digest.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

type ComputedColumns = Array<[string, NonNullable<Table['columns']>[string]]>;

// A table's computed columns as entries, made once per table instead of once per row.
const computedEntries = new WeakMap<Table, ComputedColumns>();

function computedOf(table: Table): ComputedColumns {
  let entries = computedEntries.get(table);
  if (!entries) {
    entries = Object.entries(table.columns ?? {});
    computedEntries.set(table, entries);
  }
  return entries;
}

/** One row of a table from one item: computed columns, then the model's members under their column names. */
export function buildRow(
  table: Table,
  item: Item,
  ctx: PartitionContext,
  sync: SyncInfo,
  parentId: string | null = null,
  details: Details = {},
  parentRow?: Row,
): Row {
  const row: Row = {
    _cq_parent_id: parentId,
    _cq_source_name: sync.sourceName,
    _cq_sync_time: sync.syncTime,
    account_id: ctx.accountId,
  };
  if (table.scope === 'regional') row.region = ctx.region;
  for (const [name, column] of computedOf(table)) row[name] = column.value(item, ctx, details, parentRow) ?? null;
  for (const { member, column } of table.members) row[column] = item[member] ?? null;
  row._cq_id = deterministicId(table.name, table.cqId ? table.cqId(item, row) : table.primaryKey.map((key) => row[key]));
  return row;
}
