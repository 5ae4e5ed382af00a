import { describe, expect, it } from 'vitest';
import { buildRow, deterministicId } from './rows.js';
import { defineTable, tagsObject } from './table.js';

class FakeClient {}
class FakeCommand {}

const vpcs = defineTable({
  name: 'aws_ec2_vpcs',
  service: 'ec2',
  scope: 'regional',
  list: { call: { client: FakeClient, command: FakeCommand }, operation: 'DescribeVpcs', items: 'Vpcs[]' },
  columns: {
    arn: { type: 'string', value: (i, c) => `arn:${c.partition}:ec2:${c.region}:${c.accountId}:vpc/${String(i.VpcId)}` },
    tags: { type: 'json', value: (i) => tagsObject(i.Tags) },
  },
  primaryKey: ['arn'],
  iam: ['ec2:DescribeVpcs'],
});

const ctx = { accountId: '111122223333', region: 'eu-west-1', partition: 'aws' };
const sync = { sourceName: 'aws', syncTime: new Date('2024-05-01T00:00:00Z') };

describe('buildRow', () => {
  it('fills the CloudQuery columns, computed columns and model members', () => {
    const row = buildRow(vpcs, { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', IsDefault: false, Tags: [{ Key: 'Name', Value: 'main' }] }, ctx, sync);
    expect(row).toMatchObject({
      _cq_source_name: 'aws',
      _cq_sync_time: sync.syncTime,
      _cq_parent_id: null,
      account_id: '111122223333',
      region: 'eu-west-1',
      arn: 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-1',
      vpc_id: 'vpc-1',
      cidr_block: '10.0.0.0/16',
      is_default: false,
      tags: { Name: 'main' },
      owner_id: null,
    });
    expect(row._cq_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('keeps _cq_id stable for the same key and distinct for another', () => {
    const a = buildRow(vpcs, { VpcId: 'vpc-1' }, ctx, sync);
    const b = buildRow(vpcs, { VpcId: 'vpc-1', CidrBlock: 'changed' }, ctx, { ...sync, syncTime: new Date() });
    const c = buildRow(vpcs, { VpcId: 'vpc-2' }, ctx, sync);
    expect(a._cq_id).toBe(b._cq_id);
    expect(c._cq_id).not.toBe(a._cq_id);
    expect(deterministicId('aws_ec2_vpcs', ['x'])).not.toBe(deterministicId('aws_ec2_subnets', ['x']));
  });

  it('keeps the _cq_id values earlier versions wrote, so rows already stored are updated, not duplicated', () => {
    // Values computed by the createHash implementation this replaced (SHA-1 of table, NUL, JSON key).
    expect(deterministicId('aws_ec2_vpcs', ['arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-1'])).toBe('3838d8a8-debb-520d-884a-870b705a745a');
    expect(deterministicId('aws_lambda_function_concurrency', ['arn:x', 'ü', 3, null])).toBe('fa7033f1-5b15-5fb6-8641-37ceff343c13');
  });

  it('makes _cq_id from cqId for a table keyed by _cq_id alone, and refuses such a table without it', () => {
    const base = {
      name: 'aws_ec2_vpc_cidrs',
      service: 'ec2',
      scope: 'regional' as const,
      list: { call: { client: FakeClient, command: FakeCommand }, operation: 'DescribeVpcs', items: 'Vpcs[]' },
      primaryKey: ['_cq_id'],
      iam: [],
    };
    const keyed = defineTable({ ...base, cqId: (item) => [item.VpcId, item.CidrBlock] });
    expect(keyed.schema.columns.find((c) => c.name === '_cq_id')).toMatchObject({ primaryKey: true });
    const a = buildRow(keyed, { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', OwnerId: '1' }, ctx, sync);
    const b = buildRow(keyed, { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', OwnerId: '2' }, ctx, sync);
    const c = buildRow(keyed, { VpcId: 'vpc-1', CidrBlock: '10.1.0.0/16' }, ctx, sync);
    expect(a._cq_id).toBe(b._cq_id);
    expect(c._cq_id).not.toBe(a._cq_id);
    expect(() => defineTable(base)).toThrow('needs cqId');
    expect(() => defineTable({ ...base, primaryKey: ['vpc_id'], cqId: () => [] })).toThrow('needs cqId');
  });
});

