import { describe, expect, it } from 'vitest';
import { planPartitions, selectTables } from './plan.js';
import type { Table } from './table.js';

const table = (name: string, scope: 'regional' | 'global' = 'regional', parent?: string) =>
  ({ name, scope, ...(parent ? { parent: { table: parent, input: () => ({}) } } : {}) }) as unknown as Table;
const all = [
  table('aws_ec2_instances'),
  table('aws_ec2_vpcs'),
  table('aws_iam_users', 'global'),
  table('aws_iam_user_access_keys', 'global', 'aws_iam_users'),
  table('aws_s3_buckets', 'global'),
];
const names = (tables: Table[]) => tables.map((t) => t.name);

describe('selectTables', () => {
  it('selects by name and glob, minus skip_tables', () => {
    expect(names(selectTables(all, { tables: ['aws_ec2_*', 'aws_s3_buckets'], skipTables: ['aws_ec2_vpcs'] }))).toEqual(['aws_ec2_instances', 'aws_s3_buckets']);
  });

  it('leaves children out of globs by default (skip_dependent_tables: true)', () => {
    expect(names(selectTables(all, { tables: ['aws_iam_*'] }))).toEqual(['aws_iam_users']);
    expect(names(selectTables(all, { tables: ['*'], skipDependentTables: false }))).toContain('aws_iam_user_access_keys');
  });

  it('brings the parent of a child named explicitly', () => {
    expect(names(selectTables(all, { tables: ['aws_iam_user_access_keys'] }))).toEqual(['aws_iam_users', 'aws_iam_user_access_keys']);
  });
});

describe('planPartitions', () => {
  it('reads regional tables in every region and global ones once, in the home region', () => {
    const plan = planPartitions(selectTables(all, { tables: ['aws_ec2_instances', 'aws_iam_user_access_keys'] }), [
      { id: '1', partition: 'aws', regions: ['eu-west-1', 'us-east-1'], homeRegion: 'us-east-1' },
      { id: '2', partition: 'aws', regions: ['eu-west-1'] },
    ]);
    expect(plan.map((p) => `${p.table.name}/${p.ctx.accountId}/${p.ctx.region}`)).toEqual([
      'aws_ec2_instances/1/eu-west-1',
      'aws_ec2_instances/1/us-east-1',
      'aws_ec2_instances/2/eu-west-1',
      'aws_iam_users/1/us-east-1',
      'aws_iam_users/2/eu-west-1',
    ]);
  });
});
