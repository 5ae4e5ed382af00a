import { describe, expect, it } from 'vitest';
import { defineTable, tagsObject, type CallRef } from './table.js';

// The engine treats call references as opaque; plain classes stand in for SDK ones here.
class FakeClient {}
class FakeCommand {}
const call: CallRef = { client: FakeClient, command: FakeCommand };

describe('defineTable', () => {
  const instances = defineTable({
    name: 'aws_ec2_instances',
    service: 'ec2',
    scope: 'regional',
    list: { call, operation: 'DescribeInstances', items: 'Reservations[].Instances[]' },
    columns: {
      arn: { type: 'string', value: (i, c) => `arn:${c.partition}:ec2:${c.region}:${c.accountId}:instance/${String(i.InstanceId)}` },
      tags: { type: 'json', value: (i) => tagsObject(i.Tags) },
    },
    primaryKey: ['arn'],
    iam: ['ec2:DescribeInstances'],
  });

  it('builds CloudQuery\'s column layout: _cq_* columns, account and region, computed, then the model members', () => {
    const names = instances.schema.columns.map((c) => c.name);
    expect(names.slice(0, 8)).toEqual(['_cq_id', '_cq_parent_id', '_cq_source_name', '_cq_sync_time', 'account_id', 'region', 'arn', 'tags']);
    expect(names).toContain('instance_id');
    expect(names.filter((n) => n === 'tags')).toHaveLength(1);
    expect(instances.schema.columns.find((c) => c.name === 'arn')).toMatchObject({ primaryKey: true, notNull: true });
    expect(instances.members.find((m) => m.member === 'Tags')).toBeUndefined();
    expect(instances.members.find((m) => m.member === 'InstanceId')?.column).toBe('instance_id');
  });

  it('rejects a primary key column that does not exist', () => {
    expect(() =>
      defineTable({ name: 't', service: 'ec2', scope: 'regional', list: { call, operation: 'DescribeVpcs', items: 'Vpcs[]' }, primaryKey: ['arn'], iam: [] }),
    ).toThrow('primary key column arn does not exist');
  });

  it('gives global tables no region column', () => {
    const users = defineTable({ name: 'aws_iam_users', service: 'iam', scope: 'global', list: { call, operation: 'ListUsers', items: 'Users[]' }, primaryKey: ['arn'], iam: [] });
    expect(users.schema.columns.map((c) => c.name)).not.toContain('region');
  });

  it('turns AWS tag lists into one object', () => {
    expect(tagsObject([{ Key: 'Team', Value: 'web' }, { Key: 'Empty' }])).toEqual({ Team: 'web', Empty: '' });
    expect(tagsObject(undefined)).toBeNull();
  });
});
