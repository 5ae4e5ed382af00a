import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { itemsAt, readPages, type Caller } from './pages.js';
import { defineTable, type CallRef, type Item } from './table.js';

/** A caller over plain SDK clients, standing in for src/aws's pooled one. */
function sdkCaller(sandbox: Sandbox, pageSize: Record<string, number>): Caller & { calls: number } {
  const caller = {
    calls: 0,
    async send(ctx: { region: string }, call: CallRef, input: Item): Promise<Item> {
      caller.calls += 1;
      type Client = { send(command: unknown): Promise<Item> };
      const Client = call.client as unknown as new (config: object) => Client;
      const Command = call.command as unknown as new (input: Item) => unknown;
      const client = new Client({ endpoint: sandbox.endpoint, region: ctx.region, credentials: sandbox.credentials });
      return client.send(new Command({ ...input, ...pageSize }));
    },
  };
  return caller;
}

describe('readPages', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ accounts: 2, scale: 3000, throttling: false });
  });
  afterAll(() => sandbox.close());

  it('follows the model paginator to the last page and finds the items along the path', async () => {
    const table = defineTable({
      name: 'aws_ec2_instances',
      service: 'ec2',
      scope: 'regional',
      list: { call: { client: EC2Client, command: DescribeInstancesCommand }, operation: 'DescribeInstances', items: 'Reservations[].Instances[]' },
      primaryKey: ['instance_id'],
      iam: [],
    });
    const caller = sdkCaller(sandbox, { MaxResults: 5 });
    const ctx = { accountId: sandbox.managementAccountId, region: 'us-east-1', partition: 'aws' };
    const ids: string[] = [];
    for await (const items of readPages(table, ctx, caller)) ids.push(...items.map((i) => String((i as { InstanceId?: string }).InstanceId)));
    const expected = sandbox.truth().resources['ec2.instance']?.[sandbox.managementAccountId]?.['us-east-1'] ?? 0;
    expect(ids).toHaveLength(expected);
    expect(new Set(ids).size).toBe(expected);
    expect(caller.calls).toBe(Math.max(1, Math.ceil(expected / 5)));
  });

  it('stops on a false more-results flag (IAM Marker/IsTruncated)', async () => {
    const table = defineTable({
      name: 'aws_iam_users',
      service: 'iam',
      scope: 'global',
      list: { call: { client: IAMClient, command: ListUsersCommand }, operation: 'ListUsers', items: 'Users[]' },
      primaryKey: ['arn'],
      iam: [],
    });
    const ctx = { accountId: sandbox.managementAccountId, region: 'us-east-1', partition: 'aws' };
    let users = 0;
    for await (const items of readPages(table, ctx, sdkCaller(sandbox, { MaxItems: 2 }))) users += items.length;
    expect(users).toBe(sandbox.truth().resources['iam.user']?.[sandbox.managementAccountId]?.global);
  });

  it('refuses a page token it has seen before', async () => {
    const table = defineTable({
      name: 't',
      service: 'ec2',
      scope: 'regional',
      list: { call: { client: EC2Client, command: DescribeInstancesCommand }, operation: 'DescribeInstances', items: 'Reservations[].Instances[]' },
      primaryKey: ['instance_id'],
      iam: [],
    });
    const looping: Caller = { send: async () => ({ Reservations: [], NextToken: 'same' }) };
    const pages = readPages(table, { accountId: '1', region: 'us-east-1', partition: 'aws' }, looping);
    await expect((async () => { for await (const _ of pages) { /* drain */ } })()).rejects.toThrow('same page token twice');
  });
});

describe('itemsAt', () => {
  it('takes the empty path as the page itself', () => {
    const page = { Configuration: { FunctionName: 'f' }, Tags: { a: 'b' } };
    expect(itemsAt(page, '')).toEqual([page]);
  });

  it('flattens lists along the path and skips missing members', () => {
    const page = { Reservations: [{ Instances: [{ a: 1 }, { a: 2 }] }, {}, { Instances: [{ a: 3 }] }] };
    expect(itemsAt(page, 'Reservations[].Instances[]')).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
    expect(itemsAt({}, 'Vpcs[]')).toEqual([]);
  });
});
