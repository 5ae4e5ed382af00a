import { EC2Client } from '@aws-sdk/client-ec2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import type { Partition } from '../engine/scheduler.js';
import type { PartitionResult } from '../engine/summary.js';
import type { Table } from '../engine/table.js';
import { tables as registry } from '../tables/index.js';
import { ClientReleases, clientClassesOf } from './client-release.js';

const named = (name: string): Table => {
  const table = registry.find((t) => t.name === name);
  if (!table) throw new Error(`no table ${name}`);
  return table;
};
const tables = registry.filter((t) => t.name.startsWith('aws_lambda_') || t.name === 'aws_ec2_instances' || t.name === 'aws_ec2_vpcs');
const partition = (table: string, accountId: string, region: string): Partition => ({ table: named(table), ctx: { accountId, region, partition: 'aws' } });
const result = (p: Partition): PartitionResult => ({
  table: p.table.name,
  accountId: p.ctx.accountId,
  region: p.ctx.region,
  status: 'ok',
  rows: 0,
  pages: 0,
  calls: 0,
  retries: 0,
  throttles: 0,
  durationMs: 0,
});

describe('client releases', () => {
  it("name the client classes of a table and of its children's calls", () => {
    const children = new Map([['aws_lambda_functions', tables.filter((t) => t.parent?.table === 'aws_lambda_functions')]]);
    expect([...clientClassesOf(named('aws_lambda_functions'), children)]).toEqual([LambdaClient]);
    expect([...clientClassesOf(named('aws_ec2_instances'), new Map())]).toEqual([EC2Client]);
  });

  it("release an account's client class once the last partition using it is read, and no other", () => {
    const released: Array<[string, object]> = [];
    const releases = new ClientReleases(tables, (account, cls) => released.push([account, cls]));
    const a1 = partition('aws_ec2_instances', '111111111111', 'us-east-1');
    const a2 = partition('aws_ec2_vpcs', '111111111111', 'eu-west-1');
    const a3 = partition('aws_lambda_functions', '111111111111', 'us-east-1');
    const b1 = partition('aws_ec2_instances', '222222222222', 'us-east-1');
    releases.planned([a1, a2, a3]);
    releases.planned([b1]);
    releases.read(result(a1));
    expect(released).toEqual([]);
    // A child table's result comes with its parent's partition: it does not count as a partition read.
    const child = named('aws_lambda_function_versions');
    releases.read({ ...result(a3), table: child.name });
    expect(released).toEqual([]);
    releases.read(result(a3));
    expect(released).toEqual([['111111111111', LambdaClient]]);
    releases.read(result(a2));
    expect(released).toEqual([
      ['111111111111', LambdaClient],
      ['111111111111', EC2Client],
    ]);
    releases.read(result(b1));
    expect(released.at(-1)).toEqual(['222222222222', EC2Client]);
  });
});
