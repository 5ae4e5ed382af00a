import { describe, expect, it } from 'vitest';
import type { TableSchema } from '../../engine/schema.js';
import { cqColumns } from '../../engine/schema.js';
import type { ExistingColumn } from './migrate.js';
import { planTable } from './migrate.js';
import { createTableSql, keysFor, mergeSql, quoteIdent, typeMatches } from './sql.js';

const t: TableSchema = {
  name: 'aws_things',
  columns: [
    ...cqColumns,
    { name: 'account_id', type: 'string', primaryKey: true, notNull: true },
    { name: 'arn', type: 'string', primaryKey: true },
    { name: 'names', type: 'string_list' },
    { name: 'tags', type: 'json' },
  ],
};

describe('duckdb sql', () => {
  it('quotes identifiers by doubling quotes and refuses NUL and empty names', () => {
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(() => quoteIdent('a\u0000b')).toThrow();
    expect(() => quoteIdent('')).toThrow();
  });

  it("declares CloudQuery's duckdb types, key columns NOT NULL, a composite key and a unique _cq_id", () => {
    expect(createTableSql(t, keysFor(t, 'overwrite'))).toBe(
      'CREATE TABLE "aws_things" ("_cq_id" UUID NOT NULL UNIQUE, "_cq_parent_id" UUID, "_cq_source_name" VARCHAR, ' +
        '"_cq_sync_time" TIMESTAMP, "account_id" VARCHAR NOT NULL, "arn" VARCHAR NOT NULL, "names" VARCHAR[], "tags" JSON, ' +
        'PRIMARY KEY ("account_id", "arn"))',
    );
    expect(createTableSql(t, keysFor(t, 'append'))).not.toMatch(/PRIMARY KEY|UNIQUE/);
    expect(typeMatches('string_list', 'varchar[]')).toBe(true);
    expect(typeMatches('timestamp', 'TIMESTAMP WITH TIME ZONE')).toBe(false);
  });

  it('upserts every non-key column from the staged batch, keeping the last row of a key', () => {
    const sql = mergeSql(t, keysFor(t, 'overwrite-delete-stale'));
    expect(sql).toContain('FROM temp.main."canopy_stage" QUALIFY row_number() OVER (PARTITION BY "account_id", "arn" ORDER BY rowid DESC) = 1');
    expect(sql).toContain('ON CONFLICT ("account_id", "arn") DO UPDATE SET "_cq_id" = excluded."_cq_id"');
    expect(sql).toContain('"names" = excluded."names", "tags" = excluded."tags"');
    expect(sql).not.toContain('"arn" = excluded');
    expect(mergeSql(t, keysFor(t, 'append'))).not.toMatch(/ON CONFLICT|QUALIFY/);
  });

  it('plans additions, leaves extra nullable columns alone, and flags destructive changes', () => {
    const have = (name: string, type: string, primaryKey = false, notNull = primaryKey): [string, ExistingColumn] => [
      name,
      { name, type, primaryKey, notNull, unique: name === '_cq_id' },
    ];
    const existing = new Map([
      have('_cq_id', 'UUID', false, true),
      have('_cq_parent_id', 'UUID'),
      have('_cq_source_name', 'VARCHAR'),
      have('_cq_sync_time', 'TIMESTAMP'),
      have('account_id', 'VARCHAR', true),
      // Declared without notNull: DuckDB makes a key column NOT NULL, so this is no change.
      have('arn', 'VARCHAR', true),
      have('names', 'VARCHAR[]'),
      have('legacy', 'VARCHAR'),
    ]);
    expect(planTable(t, existing, 'overwrite')).toEqual({ add: [t.columns[7]], addUnique: [], destructive: [] });
    existing.set('legacy', { name: 'legacy', type: 'VARCHAR', primaryKey: false, notNull: true, unique: false });
    existing.set('names', { name: 'names', type: 'VARCHAR', primaryKey: false, notNull: false, unique: false });
    expect(planTable(t, existing, 'overwrite').destructive).toEqual([
      { column: 'names', reason: 'changes type from VARCHAR to VARCHAR[]' },
      { column: 'legacy', reason: 'is NOT NULL but no longer in the schema' },
    ]);
  });
});
