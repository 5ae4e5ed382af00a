import { describe, expect, it } from 'vitest';
import { primaryKeyOf, type Row } from '../../src/engine/schema.js';
import type { Table } from '../../src/engine/table.js';
import { tables } from '../../src/tables/index.js';
import { staleScopes } from './postgres-write-canopy.js';
import { rawLine } from './postgres-write-raw.js';
import { keyColumnOf, planUnits, replicaPlan, unitRows, type Sample } from './postgres-write-rows.js';

const table = (name: string): Table => {
  const found = tables.find((t) => t.name === name);
  if (!found) throw new Error(name);
  return found;
};

const vpcs = table('aws_ec2_vpcs');
const users = table('aws_iam_users');
const backups = table('aws_dynamodb_table_continuous_backups');

function row(t: Table, i: number, region?: string): Row {
  const base: Row = {
    _cq_id: `0000000${i}-1111-5222-8333-444444444444`,
    _cq_parent_id: null,
    _cq_source_name: 'aws',
    _cq_sync_time: new Date(0),
    account_id: '111122223333',
    arn: `arn:aws:x:::${t.name}/${i}`,
  };
  if (region) base.region = region;
  return base;
}

const sample: Sample = {
  tables: [vpcs, users, backups],
  rows: 6,
  partitions: [
    { key: 'vpcs', groups: [{ table: vpcs, accountId: '111122223333', region: 'us-east-1', rows: [row(vpcs, 1, 'us-east-1'), row(vpcs, 2, 'us-east-1')] }] },
    { key: 'users', groups: [{ table: users, accountId: '111122223333', region: undefined, rows: [row(users, 3), row(users, 4)] }] },
    { key: 'backups', groups: [{ table: backups, accountId: '111122223333', region: 'us-east-1', rows: [row(backups, 5, 'us-east-1'), row(backups, 6, 'us-east-1')] }] },
  ],
};

describe('replicating the postgres-write sample', () => {
  it('has a copy key for every table, or keys it by _cq_id, which copies always rewrite', () => {
    for (const t of tables) {
      const key = keyColumnOf(t);
      if (key === undefined) expect(primaryKeyOf(t.schema), t.name).toEqual(['_cq_id']);
      else expect(primaryKeyOf(t.schema)).toContain(key);
    }
  });

  it('makes exactly the rows asked for, each with its own keys', () => {
    const plan = replicaPlan(sample.rows, 23, 2);
    expect(plan.cellCopies).toBe(2);
    const units = planUnits(sample, plan);
    const seen = new Map<string, Set<string>>();
    let n = 0;
    for (const unit of units) {
      unit.partition.groups.forEach((group, i) => {
        for (const r of unitRows(unit, i, plan, new Date(1))) {
          n += 1;
          const keys = seen.get(group.table.name) ?? new Set<string>();
          const pk = JSON.stringify(primaryKeyOf(group.table.schema).map((k) => r[k]));
          expect(keys.has(pk), `${group.table.name} ${pk}`).toBe(false);
          expect(keys.has(String(r._cq_id))).toBe(false);
          keys.add(pk).add(String(r._cq_id));
          seen.set(group.table.name, keys);
          expect(r._cq_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
          expect(r._cq_sync_time).toEqual(new Date(1));
        }
      });
    }
    expect(n).toBe(23);
    expect(() => planUnits(sample, { accountCopies: 1, cellCopies: 1, rows: 7 })).toThrow(/short of 7/);
  });

  it('deletes stale rows per account x region for regional tables and per account for global ones', () => {
    const plan = replicaPlan(sample.rows, 12, 2);
    const scopes = staleScopes([vpcs, users], planUnits(sample, plan));
    expect(scopes.map((s) => `${s.table.name} ${JSON.stringify(s.where)}`)).toEqual([
      'aws_ec2_vpcs {"account_id":"000122223333","region":"us-east-1"}',
      'aws_iam_users {"account_id":"000122223333"}',
      'aws_ec2_vpcs {"account_id":"001122223333","region":"us-east-1"}',
      'aws_iam_users {"account_id":"001122223333"}',
    ]);
  });
});

describe('the raw COPY encoder', () => {
  it('escapes COPY text and writes NULL as \\N', () => {
    const columns = [
      { name: 'a', type: 'string' as const },
      { name: 'b', type: 'json' as const },
      { name: 'c', type: 'timestamp' as const },
      { name: 'd', type: 'string_list' as const },
      { name: 'e', type: 'bool' as const },
    ];
    const line = rawLine(columns, { a: 'x\ty\\z\n', b: { k: 'v\\' }, c: new Date(0), d: ['p"q'], e: null });
    expect(line).toBe('x\\ty\\\\z\\n\t{"k":"v\\\\\\\\"}\t1970-01-01T00:00:00.000Z\t{"p\\\\"q"}\t\\N\n');
  });
});
