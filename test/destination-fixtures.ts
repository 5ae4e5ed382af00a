import { randomUUID } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import type { Column, Row, TableSchema } from '../src/engine/schema.js';
import { cqColumns } from '../src/engine/schema.js';

/** Schemas and rows for the destination conformance suite (test/destination-conformance.ts). */

export const source = 'aws';
export const t1 = new Date('2024-03-01T11:59:59.999Z');
export const t2 = new Date('2024-03-01T12:00:00.000Z');

export function table(name: string, columns: Column[]): TableSchema {
  return { name, columns: [...cqColumns, ...columns] };
}

/** A row with fresh _cq_* values; `values` overrides them and sets the table's own columns. */
export function row(values: Row, syncTime: Date = t1): Row {
  return { _cq_id: randomUUID(), _cq_parent_id: null, _cq_source_name: source, _cq_sync_time: syncTime, ...values };
}

/** A resource table keyed like most AWS tables: by ARN. */
export const items = table('conf_items', [
  { name: 'arn', type: 'string', primaryKey: true, notNull: true },
  { name: 'name', type: 'string' },
  { name: 'size', type: 'int' },
]);

/** The same table one release later: a new nullable column. */
export const itemsWithTags = table('conf_items', [...items.columns.slice(cqColumns.length), { name: 'tags', type: 'json' }]);

/** Destructive changes to `items`, each naming the column that makes it destructive. */
export const destructiveChanges: { change: string; column: string; schema: TableSchema }[] = [
  {
    change: 'a column changes type',
    column: 'size',
    schema: table('conf_items', [
      { name: 'arn', type: 'string', primaryKey: true, notNull: true },
      { name: 'name', type: 'string' },
      { name: 'size', type: 'string' },
    ]),
  },
  {
    change: 'a column joins the primary key',
    column: 'name',
    schema: table('conf_items', [
      { name: 'arn', type: 'string', primaryKey: true, notNull: true },
      { name: 'name', type: 'string', primaryKey: true, notNull: true },
      { name: 'size', type: 'int' },
    ]),
  },
  {
    change: 'a column leaves the primary key',
    column: 'arn',
    schema: table('conf_items', [
      { name: 'arn', type: 'string', notNull: true },
      { name: 'name', type: 'string' },
      { name: 'size', type: 'int' },
    ]),
  },
  {
    change: 'an existing column becomes NOT NULL',
    column: 'name',
    schema: table('conf_items', [
      { name: 'arn', type: 'string', primaryKey: true, notNull: true },
      { name: 'name', type: 'string', notNull: true },
      { name: 'size', type: 'int' },
    ]),
  },
];

/** Keyed per partition, as regional AWS tables are. */
export const partitioned = table('conf_partitioned', [
  { name: 'account_id', type: 'string', primaryKey: true, notNull: true },
  { name: 'region', type: 'string', primaryKey: true, notNull: true },
  { name: 'id', type: 'string', primaryKey: true, notNull: true },
  { name: 'state', type: 'string' },
]);

/** One column of every type, plus a keyword as a column name. */
export const typed = table('conf_types', [
  { name: 'id', type: 'string', primaryKey: true, notNull: true },
  { name: 'text', type: 'string' },
  { name: 'int', type: 'int' },
  { name: 'float', type: 'float' },
  { name: 'flag', type: 'bool' },
  { name: 'at', type: 'timestamp' },
  { name: 'doc', type: 'json' },
  { name: 'names', type: 'string_list' },
  { name: 'ref', type: 'uuid' },
  { name: 'order', type: 'string' },
]);

/** Rows that exercise every type's edge values; readRows must give them back equal. */
export function typedRows(): Row[] {
  return [
    row({
      id: 'full',
      text: 'Grüße, 世界 😀 "quoted" \'single\' \\ back\nnew line',
      int: 2 ** 40,
      float: 3.141592653589793,
      flag: true,
      at: new Date('2024-02-29T23:59:59.123Z'),
      doc: { nested: { list: [1, 'two', { three: 3 }], unicode: 'ünïcödé ✓ 😀' }, empty: {}, none: null, n: -1.5 },
      names: ['a', 'b c', 'ü😀'],
      ref: '6f1c1ad4-6f43-4f4a-9a4b-6f0a2c1f3e7d',
      order: 'select',
    }),
    row({
      id: 'limits',
      text: '',
      int: 2 ** 31 + 1,
      float: -2.5e-10,
      flag: false,
      at: new Date('1999-12-31T23:59:59.000Z'),
      doc: [1, [2, [3]], 'x'],
      names: [],
      ref: null,
      order: '',
    }),
    row({ id: 'big', int: Number.MAX_SAFE_INTEGER, float: 1.7976931348623157e308, doc: 'just a string' }),
    row({ id: 'beyond', int: 9_007_199_254_740_993n, float: 0, doc: [] }),
    row({ id: 'negative', int: -(2 ** 53 - 1), float: -0.1 }),
    row({ id: 'nulls', text: null, int: null, float: null, flag: null, at: null, doc: null, names: null, order: null }),
  ];
}

/** The value each column of a typed row reads back as: missing values are NULL. */
export function expectedTyped(input: Row): Row {
  const out: Row = {};
  for (const column of typed.columns) out[column.name] = input[column.name] ?? null;
  return out;
}

/** Same rows regardless of order, matched by a key column. */
export function byKey(rows: readonly Row[], key: string): Map<unknown, Row> {
  return new Map(rows.map((r) => [r[key], r]));
}

/**
 * A way to force a full garbage collection without starting the worker with --expose-gc, so the
 * large-sync test can check that batches are really released, not just that the heap looks small.
 */
export function collectGarbage(): () => void {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc !== 'function') throw new Error('global gc is not available');
  return () => {
    gc();
  };
}
