import { describe, expect, it } from 'vitest';
import type { TableSchema } from '../../engine/schema.js';
import { cqColumns } from '../../engine/schema.js';
import type { ExistingColumn } from './migrate.js';
import { planTable } from './migrate.js';
import { createTableSql, insertSql, keysFor, quoteIdent } from './sql.js';

const t: TableSchema = {
  name: 'aws_things',
  columns: [
    ...cqColumns,
    { name: 'account_id', type: 'string', primaryKey: true, notNull: true },
    { name: 'arn', type: 'string', primaryKey: true, notNull: true },
    { name: 'size', type: 'int' },
  ],
};

describe('sqlite sql', () => {
  it('quotes identifiers by doubling quotes and refuses NUL', () => {
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(() => quoteIdent('a\u0000b')).toThrow();
  });

  it('creates a composite key and a unique _cq_id in overwrite modes, no keys in append', () => {
    expect(createTableSql(t, keysFor(t, 'overwrite'))).toBe(
      'CREATE TABLE "aws_things" ("_cq_id" TEXT NOT NULL UNIQUE, "_cq_parent_id" TEXT, "_cq_source_name" TEXT, ' +
        '"_cq_sync_time" TEXT, "account_id" TEXT NOT NULL, "arn" TEXT NOT NULL, "size" INTEGER, PRIMARY KEY ("account_id", "arn"))',
    );
    expect(createTableSql(t, keysFor(t, 'append'))).not.toMatch(/PRIMARY KEY|UNIQUE/);
  });

  it('upserts every non-key column on the key', () => {
    const sql = insertSql(t, keysFor(t, 'overwrite-delete-stale'));
    expect(sql).toContain('ON CONFLICT ("account_id", "arn") DO UPDATE SET "_cq_id" = excluded."_cq_id"');
    expect(sql).toContain('"size" = excluded."size"');
    expect(sql).not.toContain('"arn" = excluded');
    expect(insertSql(t, keysFor(t, 'append'))).not.toContain('ON CONFLICT');
  });

  it('plans additions, leaves extra nullable columns alone, and flags destructive changes', () => {
    const have = (name: string, type: string, primaryKey = false, notNull = false): [string, ExistingColumn] => [
      name,
      { name, type, primaryKey, notNull, unique: name === '_cq_id' },
    ];
    const existing = new Map([
      have('_cq_id', 'TEXT', false, true),
      have('_cq_parent_id', 'TEXT'),
      have('_cq_source_name', 'TEXT'),
      have('_cq_sync_time', 'timestamp'),
      have('account_id', 'TEXT', true, true),
      have('arn', 'TEXT', true, true),
      have('legacy', 'TEXT'),
    ]);
    expect(planTable(t, existing, 'overwrite')).toEqual({ add: [t.columns[6]], addUnique: [], destructive: [] });
    existing.set('legacy', { name: 'legacy', type: 'TEXT', primaryKey: false, notNull: true, unique: false });
    existing.set('size', { name: 'size', type: 'REAL', primaryKey: false, notNull: false, unique: false });
    expect(planTable(t, existing, 'overwrite').destructive.map((d) => d.column)).toEqual(['size', 'legacy']);
  });
});
